-- Run by ./run inside `nvim --headless`. Writes "ok" and a log to $RESULT, or the failure.
local plan, result = os.getenv("PLAN"), os.getenv("RESULT")
local log = {}

local function finish(ok, message)
  local file = io.open(result, "w")
  file:write((ok and "ok" or ("FAILED: " .. tostring(message))) .. "\n" .. table.concat(log, "\n") .. "\n")
  file:close()
  vim.cmd("qall!")
end

local function expect(condition, message)
  if not condition then error(message, 2) end
end

local function wait(what, predicate)
  expect(vim.wait(15000, predicate, 20), "timed out waiting for " .. what)
end

local function line_of(buf, prefix)
  for index, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if text:sub(1, #prefix) == prefix then return index - 1, text end
  end
  error("no line starts with " .. prefix)
end

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do found[d.code] = d end
  return found
end

local function test()
  vim.cmd("edit " .. plan)
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = "mapc",
    cmd = { os.getenv("MAPC_BINARY"), "lsp", "--today", "2026-11-24" },
    root_dir = vim.fn.fnamemodify(plan, ":h"),
  })
  expect(client, "the server did not start")
  vim.lsp.buf_attach_client(buf, client)

  -- 1. The diagnostics: exactly those of `mapc check` (columns converted to bytes).
  wait("diagnostics", function() return #vim.diagnostic.get(buf) > 0 end)
  local check = vim.fn.json_decode(vim.fn.system({ os.getenv("MAPC_BINARY"), "check", "--format", "json",
    "--today", "2026-11-24", plan })).diagnostics
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function key(lnum, col, end_lnum, end_col, code, message)
    return table.concat({ lnum, col, end_lnum, end_col, code, message }, "|")
  end
  local expected, got = {}, {}
  for _, d in ipairs(check) do
    table.insert(expected, key(d.line - 1, vim.str_byteindex(lines[d.line], d.column - 1), d.endLine - 1,
      vim.str_byteindex(lines[d.endLine], d.endColumn - 1), d.rule, d.message))
  end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(got, key(d.lnum, d.col, d.end_lnum, d.end_col, d.code, d.message))
  end
  table.sort(expected)
  table.sort(got)
  expect(#expected > 0 and vim.deep_equal(expected, got),
    "diagnostics differ from mapc check:\n" .. table.concat(got, "\n") .. "\n--\n" .. table.concat(expected, "\n"))
  table.insert(log, #got .. " diagnostics, equal to mapc check's")

  -- 2. Complete a handle: type `@d` over the misspelt `@dnaa`, ask for completion at the
  -- cursor (as the omnifunc does) and apply the chosen item's edit with Neovim's own code.
  local row, text = line_of(buf, "- [ ] Pilot with 10 users")
  local at = text:find("@dnaa", 1, true) - 1
  vim.api.nvim_buf_set_text(buf, row, at, row, at + 5, { "@d" })
  vim.api.nvim_win_set_cursor(0, { row + 1, at + 2 })
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", vim.lsp.util.make_position_params(), 5000)
  local items = {}
  for _, response in pairs(responses or {}) do
    for _, item in ipairs(vim.lsp.util.extract_completion_items(response.result)) do items[item.label] = item end
  end
  expect(items["@dana"] and items["@li"], "no handles offered: " .. vim.inspect(vim.tbl_keys(items)))
  expect(items["@dana"].detail == "Dana Whitfield · Acme · Project lead", "detail: " .. tostring(items["@dana"].detail))
  vim.lsp.util.apply_text_edits({ items["@dana"].textEdit }, buf, "utf-16")
  local _, completed = line_of(buf, "- [ ] Pilot with 10 users")
  expect(completed == "- [ ] Pilot with 10 users\t@dana after:sso 📅 2026-12-30", "after completion: " .. completed)
  wait("owner-unknown to go", function() return codes(buf)["owner-unknown"] == nil end)
  table.insert(log, "completed @d to @dana; owner-unknown gone")

  -- 3. A code action, through vim.lsp.buf.code_action and the menu a user picks from.
  -- The cursor on the unknown id `ssoo` (did you mean `sso`?).
  local fix_row, fix_text = line_of(buf, "- [ ] 健康 check")
  vim.api.nvim_win_set_cursor(0, { fix_row + 1, (fix_text:find("ssoo", 1, true)) })
  local offered = {}
  vim.ui.select = function(choices, _, on_choice)
    for _, choice in ipairs(choices) do
      offered[#offered + 1] = choice[2].title
      if choice[2].title == "Replace with `sso`" then return on_choice(choice) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  wait("the quick fix", function()
    local _, fixed = line_of(buf, "- [ ] 健康 check")
    return fixed == "- [ ] 健康 check 📅 2026-12-01 @健太 after:sso"
  end)
  wait("dependency-unknown to go", function() return codes(buf)["dependency-unknown"] == nil end)
  table.insert(log, "code action `Replace with `sso`` applied (offered: " .. table.concat(offered, "; ") .. ")")

  vim.lsp.stop_client(client)
end

local ok, message = xpcall(test, debug.traceback)
finish(ok, message)
