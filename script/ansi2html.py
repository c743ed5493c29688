"""Turns `tmux capture-pane -e` output (SGR colours) into an HTML page of the terminal, so
headless Chromium can take a picture of it (script/editor-screenshot)."""
import html, re, sys

BASIC = ["#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
         "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]

def xterm(n):
    if n < 16: return BASIC[n]
    if n < 232:
        n -= 16
        return "#%02x%02x%02x" % tuple((0, 95, 135, 175, 215, 255)[c] for c in (n // 36, n // 6 % 6, n % 6))
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)

def convert(text):
    out, state = [], {}
    for part in re.split(r"(\x1b\[[0-9;:]*m)", text):
        if not part.startswith("\x1b["):
            if part:
                style = ";".join(f"{k}:{v}" for k, v in state.items() if not k.startswith("_"))
                if state.get("_reverse"):
                    fg, bg = state.get("background", "#1e1e1e"), state.get("color", "#d4d4d4")
                    style += f";color:{fg};background:{bg}"
                out.append(f'<span style="{style}">{html.escape(part)}</span>')
            continue
        codes = [int(c) if c else 0 for c in re.split("[;:]", part[2:-1])] or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0: state = {}
            elif c == 1: state["font-weight"] = "bold"
            elif c == 3: state["font-style"] = "italic"
            elif c == 4: state["text-decoration"] = "underline"
            elif c == 7: state["_reverse"] = True
            elif c == 22: state.pop("font-weight", None)
            elif c == 24: state.pop("text-decoration", None)
            elif c == 27: state.pop("_reverse", None)
            elif c in (38, 48):
                key = "color" if c == 38 else "background"
                if codes[i + 1] == 5: state[key] = xterm(codes[i + 2]); i += 2
                elif codes[i + 1] == 2: state[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5]); i += 4
            elif c == 39: state.pop("color", None)
            elif c == 49: state.pop("background", None)
            elif 30 <= c <= 37: state["color"] = BASIC[c - 30]
            elif 40 <= c <= 47: state["background"] = BASIC[c - 40]
            elif 90 <= c <= 97: state["color"] = BASIC[c - 90 + 8]
            elif 100 <= c <= 107: state["background"] = BASIC[c - 100 + 8]
            i += 1
    return "".join(out)

body = convert(open(sys.argv[1], encoding="utf-8").read().rstrip("\n"))
print('<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#1e1e1e}'
      'pre{margin:0;padding:12px;font:15px/1.25 "DejaVu Sans Mono",monospace;color:#d4d4d4}</style>'
      f'<pre>{body}</pre>')
