#!/usr/bin/env python3
"""Writes a git repository whose history is plans changing, for `bench/history`.

    bench/gen_history.py --out DIR [--commits 2000] [--plans 100] [--seed 13]

The repository is written in one `git fast-import` stream with fixed dates (five or six
commits a day
over the year from 2025-11-01, committer time zone +01:00), so the same arguments give
the same commit ids. Each plan has a front matter, stakeholders, 15 to 40 tasks in
phases (owners, due dates, ids on some) and milestones: about 3 to 6 KB, like the plans
in examples/. Each commit changes one to three plans the way a project manager does:
tasks completed, added, cancelled, re-dated (mostly later), re-assigned, a milestone
moved, the status changed, a line of update; about one commit in ten touches only other
files (notes, a README), one in fifty renames a plan, and a few plans are deleted. One
commit in twenty is a merge of a short side branch (`--no-ff`), so the walk meets
merges. Only the standard library and git are used.
"""
import argparse
import calendar
import datetime
import os
import random
import subprocess

WORDS = ("configure review sign order train book write publish migrate test pilot audit draft agree collect "
         "install measure report plan schedule invite").split()
THINGS = ("gateway terminals runbook contract budget workshop survey dashboard firewall license rollout "
          "training backlog roadmap checklist inventory invoice").split()
PEOPLE = ["dana", "li", "marcus", "priya", "hanako", "jose", "ingrid", "zoe"]


class Plan:
    def __init__(self, rng, index, day):
        self.rng = rng
        self.path = "plans/%s/plan-%03d.md" % (["emea", "apac", "amer"][index % 3], index)
        self.id = "plan-%03d" % index
        self.title = "Plan %03d: %s the %s" % (index, rng.choice(WORDS), rng.choice(THINGS))
        self.status = "draft"
        self.start = day
        self.tasks = []
        self.next_task = 0
        self.milestones = [["Kickoff done", day + datetime.timedelta(days=14), False],
                           ["Pilot live", day + datetime.timedelta(days=rng.randint(60, 120)), False]]
        self.updates = []
        for _ in range(rng.randint(15, 40)):
            self.add_task(day)

    def add_task(self, day):
        rng = self.rng
        self.next_task += 1
        self.tasks.append({
            "title": "%s the %s %d" % (rng.choice(WORDS).capitalize(), rng.choice(THINGS), self.next_task),
            "id": ("t%d" % self.next_task) if rng.random() < 0.3 else None,
            "owner": rng.choice(PEOPLE),
            "due": day + datetime.timedelta(days=rng.randint(7, 90)),
            "state": "open",
            "phase": rng.randint(1, 3),
        })

    def change(self, day):
        rng = self.rng
        open_tasks = [t for t in self.tasks if t["state"] == "open"]
        kind = rng.random()
        if self.status == "draft" and rng.random() < 0.5:
            self.status = "active"
        elif kind < 0.35 and open_tasks:
            rng.choice(open_tasks)["state"] = "done"
        elif kind < 0.5:
            self.add_task(day)
        elif kind < 0.7 and open_tasks:
            task = rng.choice(open_tasks)
            task["due"] += datetime.timedelta(days=rng.choice([-3, 2, 5, 7, 7, 14, 21]))
        elif kind < 0.8 and open_tasks:
            rng.choice(open_tasks)["owner"] = rng.choice(PEOPLE)
        elif kind < 0.85 and open_tasks:
            rng.choice(open_tasks)["state"] = "cancelled"
        elif kind < 0.92:
            milestone = rng.choice(self.milestones)
            milestone[1] += datetime.timedelta(days=rng.choice([3, 7, 14]))
        else:
            self.updates.append("%s: %s the %s" % (day.isoformat(), rng.choice(WORDS), rng.choice(THINGS)))

    def render(self):
        lines = ["---", "title: \"%s\"" % self.title, "id: %s" % self.id, "status: %s" % self.status,
                 "start: %s" % self.start.isoformat(), "owner: \"@dana\"", "parties: [Acme, Globex]",
                 "review: weekly", "---", "", "## Goals", "### G1: Go live with the pilot", "",
                 "## Stakeholders", "| Handle | Name | Party | Role |", "|---|---|---|---|"]
        for person in PEOPLE:
            lines.append("| @%s | %s | %s | Member |" % (person, person.capitalize(),
                                                       "Acme" if PEOPLE.index(person) % 2 else "Globex"))
        lines += ["", "## Tasks"]
        for phase in (1, 2, 3):
            lines += ["", "### Phase %d" % phase]
            for task in self.tasks:
                if task["phase"] != phase:
                    continue
                box = "x" if task["state"] == "done" else " "
                title = "~~%s~~" % task["title"] if task["state"] == "cancelled" else task["title"]
                text = "- [%s] %s @%s due:%s" % (box, title, task["owner"], task["due"].isoformat())
                if task["id"]:
                    text += " id:%s" % task["id"]
                lines.append(text)
        lines += ["", "## Milestones"]
        for title, due, done in self.milestones:
            lines.append("- %s%s due:%s" % ("[x] " if done else "", title, due.isoformat()))
        lines += ["", "## Updates"] + ["- " + update for update in self.updates[-10:]] + [""]
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out)
    subprocess.check_call(["git", "init", "-q", "-b", "main", args.out])
    stream = []
    mark = [0]

    def blob(text):
        mark[0] += 1
        data = text.encode()
        stream.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark[0], len(data), data))
        return mark[0]

    start = datetime.date(2025, 11, 1)
    plans = []
    deleted = set()
    when = 0
    parent = None
    branch_count = 0

    def commit(ref, day, message, operations, parents):
        # 9:00 to 16:00 at +01:00, whatever the machine's time zone.
        seconds = calendar.timegm((day.year, day.month, day.day, 8 + when % 8, 0, 0))
        mark[0] += 1
        header = b"commit %s\nmark :%d\ncommitter Bench <bench@example.org> %d +0100\n" % (ref.encode(), mark[0], seconds)
        data = message.encode()
        header += b"data %d\n%s\n" % (len(data), data)
        if parents:
            header += b"from :%d\n" % parents[0]
            for other in parents[1:]:
                header += b"merge :%d\n" % other
        stream.append(header + b"".join(operations) + b"\n")
        return mark[0]

    index = 0
    while index < args.commits:
        day = start + datetime.timedelta(days=index * 365 // args.commits)
        when += 1
        operations = []
        if len(plans) < args.plans and (index < args.plans * 3 and rng.random() < 0.5 or index < args.plans):
            plan = Plan(rng, len(plans), day)
            plans.append(plan)
            operations.append(b"M 100644 :%d %s\n" % (blob(plan.render()), plan.path.encode()))
            message = "add " + plan.id
        elif rng.random() < 0.1:
            operations.append(b"M 100644 :%d notes/week-%d.txt\n" % (blob("notes %d\n" % index), index // 14))
            message = "notes"
        elif rng.random() < 0.02:
            live = [p for p in plans if p.id not in deleted]
            plan = rng.choice(live)
            old = plan.path
            plan.path = plan.path.replace("plan-", "renamed-plan-")
            if plan.path != old:
                operations.append(b"R %s %s\n" % (old.encode(), plan.path.encode()))
                message = "rename " + plan.id
            else:
                continue
        elif rng.random() < 0.003 and len(deleted) < 3:
            live = [p for p in plans if p.id not in deleted]
            plan = rng.choice(live)
            deleted.add(plan.id)
            operations.append(b"D %s\n" % plan.path.encode())
            message = "delete " + plan.id
        elif rng.random() < 0.05 and parent is not None and index + 3 < args.commits:
            # A short side branch of two commits, merged with --no-ff.
            branch_count += 1
            ref = "refs/heads/side-%d" % branch_count
            tip = parent
            live = [p for p in plans if p.id not in deleted]
            for _ in range(2):
                plan = rng.choice(live)
                plan.change(day)
                tip = commit(ref, day, "side change " + plan.id,
                             [b"M 100644 :%d %s\n" % (blob(plan.render()), plan.path.encode())], [tip])
                index += 1
            parent = commit("refs/heads/main", day, "merge side-%d" % branch_count, [], [parent, tip])
            index += 1
            continue
        else:
            live = [p for p in plans if p.id not in deleted]
            changed = rng.sample(live, min(len(live), rng.choice([1, 1, 1, 2, 3])))
            for plan in changed:
                plan.change(day)
                operations.append(b"M 100644 :%d %s\n" % (blob(plan.render()), plan.path.encode()))
            message = "update " + ", ".join(p.id for p in changed)
        parent = commit("refs/heads/main", day, message, operations, [parent] if parent else [])
        index += 1
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.out, stdin=subprocess.PIPE)
    process.communicate(b"".join(stream))
    if process.returncode:
        raise SystemExit("gen_history: git fast-import failed")
    subprocess.check_call(["git", "checkout", "-q", "-f", "main"], cwd=args.out)
    print("wrote %s: %d commits, %d plans" % (args.out, args.commits, len(plans)))


if __name__ == "__main__":
    main()
