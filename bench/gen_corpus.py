#!/usr/bin/env python3
"""Writes a corpus of generated mutual action plans, for benchmarks and conformance tests.

The plans use the format of docs/format.md: front matter with every key, Goals,
Stakeholders, Workshops with decisions, Tasks in phases (deadlines, sub-tasks, notes,
groups, cancelled and done items, every task token, Obsidian emoji), Milestones,
Communication, Metrics, Risks, Conflict resolution, Updates, a Retrospective on done
plans, prose, unknown sections, HTML comments, section aliases, and now and then CRLF
line endings or a byte order mark.

A clean plan is fully clean: `mapc check` reports nothing about it, not even an info.
To keep it so, the generator holds these invariants (docs/rules.md gives the rules):

- every stakeholder but a deliberately idle one attends the kickoff workshop;
- every open task has an effective due date (its own, its parent's or its phase's);
- in an `active` plan no open task is due before --today, every party of `parties` owns
  an open task, a channel has an `every:` cadence, and the newest update is within the
  `review` cadence; other statuses may hold past-due open work and old updates, since
  `task-overdue`, `plan-stale`, `party-without-tasks` and `no-communication` look at
  active plans only;
- `after:` points at earlier tasks due no later, and a done task waits for no open one;
  no date is after the plan's `due`, a sub-task's after its parent's, a task's after its
  phase deadline, a start after its due date, or an update after --today;
- every `goal:` names a goal, every stakeholder's Party is one of `parties`;
- every goal has a complete metric; ids and handles are unique; a done plan has a
  Retrospective and no open task; every plan has a Conflict resolution section.

With --problems F, each plan has probability F of carrying one to three defects, each of
a different rule, each made so that mapc reports it exactly once and nothing else
changes (a task losing its owner is one whose party still owns other open work, and so
on). Every rule can be injected but file-unreadable and input-limit. The rules that
docs/rules.md does not list yet (almost-token, checkbox-malformed, dates-reversed,
done-before-dependency, done-plan-open-tasks, due-after-parent, goal-unknown,
heading-level, party-unknown, second-front-matter, table-column-missing, unknown-section,
untracked-tasks, update-in-future) follow their own manuals, `mapc rules ID`. --manifest FILE writes one JSON line per plan:

    {"file": "emea/…md", "status": "active", "rules": ["owner-missing"],
     "defects": [{"rule": "owner-missing", "detail": "…"}]}

`rules` is the sorted list of rule ids mapc must report for the file, one entry per
diagnostic; a clean plan has `[]`. Defects respect each rule's scope: an overdue task or
a stale plan is only ever injected into an `active` plan.

Output depends only on --seed, --size, --problems and --today for each plan (plan i is
the same whatever --plans is); --folders spreads the files over sub-folders.

    bench/gen_corpus.py --plans 1000 --out /tmp/corpus --size medium
    bench/gen_corpus.py --plans 200 --out ws --problems 0.5 --folders 4 --manifest ws.jsonl

Sizes, sub-tasks included: small ≈ 12 tasks and 4.5 KB a plan, medium ≈ 64 tasks and
10 KB, large ≈ 400 tasks and 45 KB. 10,000 medium plans take about 30 s to write.
Python 3 standard library only.
"""

import argparse
import datetime
import functools
import json
import os
import random
import re
import sys
import time

from dataclasses import dataclass, field
from typing import Optional, Union

# ----------------------------------------------------------------------------- words

# (organisation, short name used in channel names)
VENDORS = [
    ("Brightwater Analytics", "brightwater"), ("Corvid Systems", "corvid"),
    ("Halvard Software", "halvard"), ("Ironbark Cloud", "ironbark"),
    ("Lumen & Loom", "lumen"), ("Marisol Payments", "marisol"),
    ("Northgate Data", "northgate"), ("Quillfeather Labs", "quill"),
    ("Saffron Robotics", "saffron"), ("Tidewater Logistics", "tidewater"),
    ("Verdant Energy", "verdant"), ("Zephyr Health IT", "zephyr"),
]
CUSTOMERS = [
    ("Alderney Foods", "alderney"), ("Bergen Havnevesen", "bergen"),
    ("Città di Lucca", "lucca"), ("Dalarna Skog AB", "dalarna"),
    ("Eichenwald Klinikum", "eichenwald"), ("Fenwick County Council", "fenwick"),
    ("Grünfeld & Partner", "gruenfeld"), ("Hokuto Seimitsu", "hokuto"),
    ("Instituto Solaris", "solaris"), ("Juniper Housing Trust", "juniper"),
    ("Kraków Tramwaje", "krakow"), ("Llanberis Slate Museum", "llanberis"),
    ("Maple Street Credit Union", "maple"), ("Nørrebro Bibliotek", "norrebro"),
    ("Oakridge University", "oakridge"), ("Porto Vinhos Lda", "porto"),
    ("Riverside Water Board", "riverside"), ("Santé Lyon Sud", "lyon"),
    ("株式会社みどり製作所", "midori"), ("Ulsan Shipyards", "ulsan"),
]
THIRD_PARTIES = [("Keystone Integrators", "keystone"), ("Orchard Advisory", "orchard"),
                 ("Polder Consulting", "polder")]
PROJECTS = [
    "pilot", "data platform rollout", "records migration", "single sign-on",
    "field app launch", "renewal", "energy monitoring pilot", "archive digitisation",
    "route planning trial", "patient portal", "open data release", "billing cut-over",
]
TAGS = ["pilot", "renewal", "emea", "apac", "public-sector", "research", "migration",
        "security", "priority", "q1", "h2", "partner"]

# (name, handle); a few handles and names outside ASCII on purpose.
PEOPLE = [
    ("Ada Okonkwo", "ada"), ("Bruno Carvalho", "bruno"), ("Céline Marchand", "celine"),
    ("Dmitri Volkov", "dmitri"), ("Esra Demir", "esra"), ("Finn Gallagher", "finn"),
    ("Greta Lindholm", "greta"), ("Hiroshi Mori", "hiroshi"), ("Ines Baptista", "ines"),
    ("Jonas Brandt", "jonas"), ("Kavya Nair", "kavya"), ("Lars Øvergaard", "lars"),
    ("Mei Lin", "mei"), ("Nikolai Petrov", "nikolai"), ("Olga Kowalczyk", "olga"),
    ("Pablo Ortega", "pablo"), ("Rania Aziz", "rania"), ("Stefan Huber", "stefan"),
    ("Tamsin Reed", "tamsin"), ("Ulla Koskinen", "ulla"), ("Víctor Salas", "victor"),
    ("Wiremu Tane", "wiremu"), ("Ximena Ruiz", "ximena"), ("Yusuf Kaya", "yusuf"),
    ("Zanele Dube", "zanele"), ("Åse Berg", "åse"), ("鈴木 陽菜 (Hina Suzuki)", "hina"),
    ("이서연 (Seoyeon Lee)", "seoyeon"), ("Amara Diallo", "amara"), ("Beatriz Lobo", "bea"),
    ("Colm Byrne", "colm"), ("Dorota Wiśniewska", "dorota"), ("Elias Haddad", "elias"),
    ("Fatou Sow", "fatou"), ("Gideon Marsh", "gideon"), ("Hedda Lund", "hedda"),
    ("Ivo Petrić", "ivo"), ("Jana Novák", "jana"), ("Kofi Asante", "kofi"),
    ("Leonie Vogt", "leonie"), ("Mateus Rocha", "mateus"), ("Noor Hassan", "noor"),
    ("Oskar Nyberg", "oskar"), ("Priyanka Das", "priyanka"), ("Quentin Roux", "quentin"),
    ("Rosalind Chu", "ros"), ("Sipho Ndlovu", "sipho"), ("Teodora Ilić", "teodora"),
    ("Umar Sheikh", "umar"), ("Valentina Greco", "vale"), ("Wen Zhao", "wen.zhao"),
    ("Yara Costa", "yara_c"),
]
ROLES = ["Sponsor", "Project lead", "Account manager", "Solutions architect", "IT lead",
         "Security officer", "Data steward", "Finance controller", "Legal counsel",
         "Champion", "Operations manager", "Trainer", "Integration engineer", "Analyst"]
INTERESTS = ["A predictable go-live", "Less manual work", "A clean audit trail",
             "Lower running costs", "A reference site", "Data kept in the EU",
             "Staff who like the new tool", "No weekend cut-over", "A signed renewal"]
EXPECTATIONS = ["A written status every week", "Decisions within two days",
                "Early access to the test system", "No surprises on price",
                "One named contact", "Training before go-live", "A clear RACI"]

# (thing worked on, verbs that fit it)
WORK = [
    ("statement of work", ["Draft", "Review", "Sign", "Countersign"]),
    ("data protection agreement", ["Draft", "Review", "Sign"]),
    ("pilot success criteria", ["Draft", "Agree", "Publish"]),
    ("test environment", ["Request", "Set up", "Refresh"]),
    ("user import", ["Prepare", "Run", "Check"]),
    ("single sign-on settings", ["Configure", "Test", "Document"]),
    ("admin training", ["Plan", "Deliver", "Record"]),
    ("security questionnaire", ["Answer", "Review", "Return"]),
    ("integration design", ["Sketch", "Review", "Approve"]),
    ("acceptance tests", ["Write", "Run", "Sign off"]),
    ("cut-over plan", ["Draft", "Rehearse", "Approve"]),
    ("usage dashboard", ["Build", "Review", "Share"]),
    ("field mapping", ["Draft", "Validate", "Freeze"]),
    ("API keys", ["Issue", "Rotate", "Revoke"]),
    ("network allow-list", ["Request", "Apply", "Verify"]),
    ("price proposal", ["Prepare", "Send", "Negotiate"]),
    ("support handover", ["Plan", "Hold", "Document"]),
    ("go-live checklist", ["Draft", "Walk through", "Sign off"]),
    ("steering deck", ["Prepare", "Send", "Present"]),
    ("communication plan", ["Draft", "Agree", "Publish"]),
    ("retention schedule", ["Review", "Confirm", "Apply"]),
    ("backup restore drill", ["Schedule", "Run", "Report on"]),
    ("sample data set", ["Request", "Anonymise", "Load"]),
    ("floor plan survey", ["Book", "Carry out", "Write up"]),
    ("sensor install", ["Order", "Schedule", "Inspect"]),
    ("purchase order", ["Request", "Raise", "Confirm"]),
    ("vendor onboarding form", ["Fill in", "Submit", "Chase"]),
    ("risk register", ["Open", "Review", "Close"]),
    ("release notes", ["Draft", "Check", "Publish"]),
    ("training videos", ["Script", "Record", "Publish"]),
]
SCOPES = ["", "", "", "", " for the pilot sites", " for finance", " in staging",
          " in production", " with IT", " for the board", " v2", " for the north region",
          " with the union reps", " for night shifts"]
# Titles with markup: these tasks always get an explicit id.
MARKUP_TITLES = [
    "Set `retry:3` in the gateway profile", "Read the [cut-over runbook](https://wiki.example.org/cutover)",
    "Translate the quick-start guide into 日本語", "Check that `é` and `ß` survive the CSV import",
    "Turn on **audit logging** for admins", "Export the sample to `s3://pilot/2026/`",
]
SUBTASK_STEPS = ["Collect comments on", "Book a review slot for", "Send a reminder about",
                 "File the final copy of", "Log in the tracker:", "Get sign-off on"]
PHASES = ["Contract", "Discovery", "Design", "Build", "Integration", "Test", "Training", "Pilot",
          "Rollout", "Handover", "Hypercare", "Review", "Expansion"]
NOTES = [
    "Waiting for legal; see the thread in the shared channel",
    "Questions go to @helpdesk-external, who is not in this plan",  # prose: never read
    "The template is at https://docs.example.org/templates",
    "Agreed at the kickoff: keep the scope to two sites",
    "Note: bring the visitor badges",  # a capital and a space: prose, not a token
    "Use the `eu-west` tenant, not `us-east`",
]
GOAL_TEMPLATES = [
    ("{n} sites use the new system every day", "sites", "Sites live"),
    ("Cut processing time by {n}%", "%", "Processing time saved"),
    ("{n}% of staff log in weekly", "%", "Weekly active staff"),
    ("Move {n}k records without loss", "k records", "Records moved"),
    ("Close the security review with no high findings", "findings", "Open high findings"),
    ("Sign a {n}-month renewal", "months", "Renewal term"),
    ("Train {n} administrators", "admins", "Administrators trained"),
    ("Answer {n}% of tickets on first contact", "%", "First-contact resolution"),
]
GOAL_DESCRIPTIONS = [
    "Both sponsors judge the pilot on this at the steering review.",
    "Measured from the system's own logs, not from a survey.",
    "Finance asked for this before they release the budget for year two.",
    "A stretch goal: a clear trend counts as progress.",
    "Agreed in the kickoff workshop; see the decision there.",
]
WORKSHOP_NAMES = ["Discovery session", "Design workshop", "Security deep dive",
                  "Data mapping session", "Steering review", "Acceptance test planning",
                  "Go-live readiness review", "Mid-pilot review", "Training dry run"]
DECISIONS = ["Scope is limited to two sites", "Single sign-on uses SAML first",
             "Finance owns the success metric", "The weekly sync moves to Thursdays",
             "Records older than 2015 stay in the archive", "The go-live date is fixed",
             "Price talks wait for the renewal", "Every training is recorded",
             "Escalations go through the sponsors"]
MILESTONES = [("Contract signed", "celebrate: cake in both offices"), ("Test system live", ""),
              ("Security review passed", ""), ("First site live", "celebrate: team lunch"),
              ("Acceptance tests passed", ""), ("All sites live", "celebrate: thank-you cards"),
              ("Steering sign-off", ""), ("Renewal signed", "celebrate: dinner for both teams")]
# (name, every: value as written) — every spelling docs/format.md#communication allows.
CADENCED_CHANNELS = [("Weekly sync", "week"), ("Steering call", "month"), ("Stand-up", "day"),
                     ("Status e-mail", "weekly"), ("Sponsor check-in", "Monthly"),
                     ("Planning call", "2weeks"), ("Business review", "quarter"),
                     ("Office hours", "biweekly"), ("Ops review", "quarterly"), ("Huddle", "daily")]
PLAIN_CHANNELS = ["Chat channel #{short}-pilot", "Mailing list {short}@lists.example.org",
                  "Shared folder `Partners/{short}`", "Issue tracker project `{upper}`"]
RISKS = [("Legal review may slip past the holidays", "send our template early"),
         ("The champion may change jobs", "name a deputy now"),
         ("Legacy data quality is unknown", "import a sample first"),
         ("IT has little capacity in December", "book the cut-over window now"),
         ("The board must approve the budget", "prepare the business case with finance"),
         ("Staff may resist the new workflow", "recruit a champion per team")]
LEVELS = ["high", "medium", "low"]
UPDATE_TEXTS = ["kickoff held, notes in the shared folder", "test system credentials shared",
                "security questionnaire returned", "first import ran with 12 rejected rows",
                "steering review approved the scope", "training recorded",
                "acceptance tests green in staging", "price proposal sent",
                "go-live moved by a week at the customer's request", "all admin accounts ready"]
CONFLICT_PROSE = [
    "Disagreements go to the weekly sync first; if still open after two working days, "
    "the sponsors decide.\n",
    "We settle questions in writing in the shared channel. Anything that blocks work for "
    "more than three days is escalated. Do not ask @procurement-bot; it is not a person.\n",
]
RETROSPECTIVE = ["- Weekly syncs kept both sides honest about dates",
                 "- Start the security review in week one, not week four",
                 "- Put the data owner in the plan from the first day"]
UNKNOWN_SECTIONS = [
    ("Background", "{customer} first met {vendor} at a trade fair. Contact @events-team "
                   "for the photos; deu:nothing here is read.\n"),
    ("Budget", "- Licences: 40,000 EUR, owner: finance\n- Services: 12 days at the day rate\n"),
    ("Open questions", "- Who signs for {customer}?\n- Is a second test system needed? @someone-else\n"),
]
FOLDER_WORDS = ["emea", "americas", "apac", "public", "research", "renewals", "pilots",
                "archive", "partners", "health"]
ALIASES = {"Goals": "Objectives", "Stakeholders": "People", "Workshops": "Meetings",
           "Tasks": "Action items", "Milestones": "Timeline", "Communication": "Channels",
           "Metrics": "KPIs", "Conflict resolution": "Escalation", "Updates": "Log",
           "Retrospective": "Lessons learned"}
INVALID_DAYS = ["{y}-02-30", "{y}-04-31", "{y}-13-02", "{y}-11-31", "{y}-00-12", "{y}-06-31"]
CADENCE_DAYS = {"daily": 1, "weekly": 7, "biweekly": 14, "monthly": 31}
SIZES = {  # phases, top-level tasks per phase, goals, people per party
    "small": ((2, 2), (4, 6), (1, 2), (2, 3)),
    "medium": ((4, 5), (10, 13), (3, 4), (3, 4)),
    "large": ((10, 12), (26, 32), (5, 6), (5, 7)),
}
STATUSES = [("active", 0.68), ("draft", 0.08), ("on-hold", 0.08), ("done", 0.12), ("cancelled", 0.04)]

Date = datetime.date
DateValue = Union[Date, str]  # a str is a deliberately invalid date, written as is


# ----------------------------------------------------------------------------- model

@dataclass
class Person:
    handle: str
    name: str
    party: str
    role: str
    interest: str
    expectation: str
    capacity: str
    idle: bool = False  # attends nothing: a stakeholder-idle defect


@dataclass
class Task:
    title: str
    thing: str = ""  # what the work is about, for the titles of its sub-tasks
    state: str = "open"  # open, done, cancelled
    owner: Optional[str] = None
    contributors: list = field(default_factory=list)
    due: Optional[DateValue] = None
    start: Optional[DateValue] = None
    scheduled: Optional[Date] = None
    done_on: Optional[Date] = None
    explicit_id: Optional[str] = None
    after: list = field(default_factory=list)  # Task objects
    after_raw: list = field(default_factory=list)  # ids that name no task
    goals: list = field(default_factory=list)
    estimate: Optional[str] = None
    progress: Optional[str] = None
    priority: Optional[str] = None
    emoji: bool = False
    owner_first: bool = False  # `@hina to review …`
    subtasks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    parent: Optional["Task"] = None
    phase: Optional["Phase"] = None
    in_group: bool = False  # a top-level task under a group item
    suppressed_undated: bool = False  # preceded by mapc-disable-next-line task-undated
    box: Optional[str] = None  # a checkbox spelled wrongly (`[]`, `[ x ]`): checkbox-malformed
    almost_due: bool = False  # `due: DATE`, a space after the colon: almost-token
    touched: bool = False  # a defect changed it: no second defect may use it

    @property
    def ident(self):
        return self.explicit_id or derived_id(self.title)

    @property
    def is_open(self):
        return self.state == "open"


@dataclass
class Group:
    """A plain top-level item in Tasks whose nested task items are tasks without a parent."""
    title: str
    tasks: list


@dataclass
class Phase:
    title: str
    deadline: Optional[DateValue]
    lead: Optional[str]
    items: list  # Task or Group


@dataclass
class Plan:
    index: int
    slug: str
    title: str
    status: str
    start: DateValue
    due: Date
    owner: str
    parties: list
    review: Optional[str]
    tags: list
    vendor: tuple
    customer: tuple
    people: list = field(default_factory=list)
    goals: list = field(default_factory=list)  # [id, title, description, unit, metric name]
    workshops: list = field(default_factory=list)
    phases: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    channels: list = field(default_factory=list)  # [name, every or None, handles]
    metrics: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    escalation: Optional[list] = None
    updates: list = field(default_factory=list)  # [date, separator, text, handle]
    retrospective: Optional[list] = None
    unknown_section: Optional[tuple] = None
    style: dict = field(default_factory=dict)
    extra_front_matter: list = field(default_factory=list)  # raw lines
    front_matter_override: dict = field(default_factory=dict)  # key -> raw value
    owner_written: Optional[str] = None  # the front-matter owner as written, when misspelt
    goal_heading_extra: Optional[str] = None  # a goal heading at the wrong level
    metrics_extra_table: bool = False  # a second Metrics table without a Metric column
    trailing: list = field(default_factory=list)  # Markdown after the last section
    defects: list = field(default_factory=list)
    locked: set = field(default_factory=set)  # parts a defect changed

    def tasks(self):
        """Every task in document order, sub-tasks right after their parent."""
        result = []

        def walk(task):
            result.append(task)
            for sub in task.subtasks:
                walk(sub)
        for phase in self.phases:
            for item in phase.items:
                for task in (item.tasks if isinstance(item, Group) else [item]):
                    walk(task)
        return result

    def person(self, handle):
        return next((p for p in self.people if p.handle.lower() == handle.lower()), None)

    def covered_parties(self):
        """Parties (lowercased) owning an open task through its effective owner."""
        covered = set()
        for task in self.tasks():
            owner = effective_owner(task)
            person = self.person(owner) if owner and task.is_open and not cancelled_above(task) else None
            if person:
                covered.add(person.party.lower())
        return covered

    def dependents(self, task):
        return [t for t in self.tasks() if any(a is task for a in t.after)]


@dataclass
class Metric:
    name: str
    goals: list
    baseline: str
    target: str
    current: str
    unit: str
    due: Optional[DateValue]
    touched: bool = False  # a defect changed it


def effective_owner(task):
    return task.owner or (effective_owner(task.parent) if task.parent else None)


def really_open(task):
    """Open as mapc sees it: neither done nor cancelled, nor under a cancelled task."""
    return task.is_open and not cancelled_above(task)


def cancelled_above(task):
    """docs/format.md#task-items: an open sub-task of a cancelled task is cancelled with it."""
    parent = task.parent
    while parent:
        if parent.state == "cancelled":
            return True
        parent = parent.parent
    return False


NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def derived_id(title):
    """docs/format.md#derived-ids: lowercased, each run of non-letters/digits one `-`."""
    return NOT_LETTER_OR_DIGIT.sub("-", title.lower()).strip("-")


def iso(value):
    return value if isinstance(value, str) else value.isoformat()


# ----------------------------------------------------------------------------- building

class Builder:
    """Builds one clean plan from its own random stream."""

    def __init__(self, index, seed, size, today):
        self.rng = random.Random("%d/%d/%s" % (seed, index, size))
        self.index = index
        self.size = SIZES[size]
        self.today = today

    def days(self, low, high):
        return datetime.timedelta(days=self.rng.randint(low, high))

    def build(self):
        rng, today = self.rng, self.today
        vendor, customer = rng.choice(VENDORS), rng.choice(CUSTOMERS)
        project = rng.choice(PROJECTS)
        status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        if status == "active":
            start, due = today - self.days(14, 150), today + self.days(40, 240)
        elif status == "draft":
            start = today + self.days(5, 60)
            due = start + self.days(60, 200)
        elif status == "done":
            due = today - self.days(5, 150)
            start = due - self.days(60, 200)
        else:  # on-hold, cancelled: stopped part-way, with work left past its dates
            start = today - self.days(90, 300)
            due = today + self.days(-20, 120)
        parties = [vendor[0], customer[0]]
        if rng.random() < 0.2:
            parties.append(rng.choice(THIRD_PARTIES)[0])
        slug = "%s-%s-%s-%05d" % (vendor[1], customer[1], derived_id(project), self.index)
        plan = Plan(index=self.index, slug=slug, title="%s × %s: %s" % (vendor[0], customer[0], project),
                    status=status, start=start, due=due, owner="", parties=parties,
                    review=rng.choice(["weekly", "weekly", "biweekly", "monthly", "daily", None]),
                    tags=rng.sample(TAGS, rng.randint(1, 3)), vendor=vendor, customer=customer)
        plan.style = {
            "aliases": rng.random() < 0.15, "h1": rng.random() < 0.6, "indent": rng.choice(["  ", "    "]),
            "flow_lists": rng.random() < 0.6, "write_id": rng.random() < 0.7,
            "owner_form": rng.choice(['"@%s"', "'@%s'", "%s"]), "crlf": rng.random() < 0.04,
            "bom": rng.random() < 0.02, "oldest_first": rng.random() < 0.2,
            "aligned": rng.random() < 0.3,
        }
        self.people(plan)
        self.goals(plan)
        self.tasks(plan)
        self.ensure_coverage(plan)
        self.workshops(plan)
        self.milestones(plan)
        self.channels(plan)
        self.metrics(plan)
        self.risks(plan)
        self.updates(plan)
        if rng.random() < 0.3:
            plan.unknown_section = rng.choice(UNKNOWN_SECTIONS)
        escalators = rng.sample(plan.people, min(len(plan.people), rng.randint(2, 3)))
        plan.escalation = [p.handle for p in escalators]
        if status == "done":
            plan.retrospective = RETROSPECTIVE[:rng.randint(1, 3)]
        return plan

    def people(self, plan):
        rng = self.rng
        low, high = self.size[3]
        chosen = rng.sample(PEOPLE, min(len(PEOPLE), high * len(plan.parties)))
        for party in plan.parties:
            for _ in range(rng.randint(low, high)):
                name, handle = chosen.pop()
                plan.people.append(Person(handle, name, party, rng.choice(ROLES), rng.choice(INTERESTS),
                                          rng.choice(EXPECTATIONS), "%dh/week" % rng.choice([2, 4, 8, 16])))
        plan.owner = plan.people[0].handle

    def goals(self, plan):
        rng = self.rng
        count = rng.randint(*self.size[2])
        for number, (text, unit, metric) in enumerate(rng.sample(GOAL_TEMPLATES, count), start=1):
            plan.goals.append(["G%d" % number, text.format(n=rng.choice([3, 5, 12, 40, 80])),
                               rng.choice(GOAL_DESCRIPTIONS), unit, metric])

    def task_dates(self, plan, phase_start, phase_end):
        """A due date in the phase, and the state that is plausible for it in this plan."""
        rng, today = self.rng, self.today
        span = max((phase_end - phase_start).days, 1)
        due = phase_start + datetime.timedelta(days=rng.randint(0, span))
        if plan.status == "done":
            state = "cancelled" if rng.random() < 0.05 else "done"
        elif plan.status == "active":
            if due < today:
                state = "cancelled" if rng.random() < 0.05 else "done"
            else:
                state = "done" if rng.random() < 0.1 else ("cancelled" if rng.random() < 0.03 else "open")
        elif plan.status == "draft":
            state = "open"
        else:
            state = "done" if due < today and rng.random() < 0.6 else "open"
        return due, state

    def tasks(self, plan):
        rng = self.rng
        count = rng.randint(*self.size[0])
        span = (plan.due - plan.start).days
        used = set()
        names = [PHASES[k] for k in sorted(rng.sample(range(len(PHASES)), count))]
        for number in range(count):
            phase_start = plan.start + datetime.timedelta(days=span * number // count)
            phase_end = plan.start + datetime.timedelta(days=span * (number + 1) // count)
            deadline = phase_end if rng.random() < 0.5 else None
            lead = rng.choice(plan.people).handle if rng.random() < 0.15 else None
            title = ("Phase %d: %s" if plan.index % 2 else "%d. %s") % (number + 1, names[number])
            phase = Phase(title, deadline, lead, [])
            plan.phases.append(phase)
            group = None
            for _ in range(rng.randint(*self.size[1])):
                task = self.task(plan, phase, phase_start, phase_end, used, None)
                if group is None and rng.random() < 0.03:
                    group = Group(rng.choice(["Before go-live", "Paperwork", "Site visits"]), [])
                    phase.items.append(group)
                if group is not None and rng.random() < 0.7:
                    task.in_group = True
                    group.tasks.append(task)
                else:
                    group = None
                    phase.items.append(task)
        # After links, on a settled list: each to an earlier task due no later, and from a
        # finished task only to finished ones (a done task waits for nothing open).
        ordered = plan.tasks()
        for position, task in enumerate(ordered):
            if position == 0 or rng.random() > 0.2 or task.due is None:
                continue
            earlier = [t for t in ordered[max(0, position - 8):position]
                       if t.due is not None and t.due <= task.due and t is not task.parent
                       and (really_open(task) or not really_open(t))]
            if earlier:
                task.after = rng.sample(earlier, min(len(earlier), rng.choice([1, 1, 2])))
        # An undated open task behind a suppression comment (docs/format.md#suppression-comments).
        depended_on = {id(target) for t in ordered for target in t.after}
        undated = [t for t in ordered if t.is_open and t.parent is None and not t.in_group and not t.subtasks
                   and t.phase.deadline is None and id(t) not in depended_on and not t.after]
        if undated and rng.random() < 0.05:
            task = rng.choice(undated)
            task.due, task.suppressed_undated, task.touched = None, True, True

    @staticmethod
    def unique_title(used, make):
        """A title whose derived id is still free, when a few tries find one."""
        title = make()
        for _ in range(5):
            if derived_id(title) not in used:
                break
            title = make()
        return title

    def task(self, plan, phase, phase_start, phase_end, used, parent):
        rng, today = self.rng, self.today
        due, state = self.task_dates(plan, phase_start, phase_end)
        if parent is not None:
            due = min(due, parent.due) if isinstance(parent.due, Date) else due
            state = parent.state if parent.state != "open" else ("done" if rng.random() < 0.3 else "open")
            if parent.state == "cancelled":
                state = "open"  # cancelled with its parent
        explicit = None
        thing = parent.thing if parent is not None else "change"
        if parent is None and rng.random() < 0.04:
            title = rng.choice(MARKUP_TITLES)
            explicit = "t%d-%s" % (len(used), rng.choice(["cfg", "doc", "ops", "qa"]))
        elif parent is None:
            work = []

            def make():
                work[:] = [rng.choice(WORK)]
                return "%s the %s%s" % (rng.choice(work[0][1]), work[0][0], rng.choice(SCOPES))
            title = self.unique_title(used, make)
            thing = work[0][0]
        else:
            title = "%s the %s" % (rng.choice(SUBTASK_STEPS), parent.thing)
        # A derived id comes from the displayed title, which drops markup (link targets,
        # backticks): a title with markup gets an explicit id, as an author would give it.
        has_markup = any(mark in title for mark in "`[*")
        if explicit is None and (has_markup or derived_id(title) in used or rng.random() < 0.25):
            explicit = "%s-%d" % (derived_id(title).split("-")[0] or "task", len(used) + 1)
        task = Task(title=title, state=state, explicit_id=explicit, parent=parent, phase=phase, thing=thing)
        used.add(task.ident)
        if parent is None or rng.random() < 0.5:
            task.owner = rng.choice(plan.people).handle
            if rng.random() < 0.08:
                task.owner = task.owner.capitalize()  # handles compare without case
        if parent is None and rng.random() < 0.2:
            task.contributors = [p.handle for p in rng.sample(plan.people, 1) if p.handle != task.owner]
        # The due date: written, or inherited from the parent or the phase deadline.
        inherits = (parent is not None and parent.due is not None) or phase.deadline is not None
        if inherits and rng.random() < 0.3:
            due_candidate = parent.due if parent is not None and parent.due is not None else phase.deadline
            if state != "open" or plan.status != "active" or due_candidate >= today:
                due = None
        task.due = due
        if state == "open" and plan.status == "active" and due is not None and due < today:
            task.due = today  # due today is not overdue (docs/rules.md#task-overdue)
        if rng.random() < 0.15 and task.due is not None:
            task.start = task.due - self.days(3, 20)
        if state == "done" and rng.random() < 0.4:
            task.done_on = min(today, task.due or today)
        if state == "open" and rng.random() < 0.25:
            task.progress = rng.choice(["doing", "blocked", "todo", "in-progress"])
        if rng.random() < 0.2:
            task.estimate = rng.choice(["4h", "1d", "3d", "1.5d", "2w", "0.5w"])
        if plan.goals and rng.random() < 0.3:
            task.goals = [g[0] for g in rng.sample(plan.goals, 1)]
        task.emoji = rng.random() < 0.15
        if task.emoji and rng.random() < 0.3:
            task.priority = rng.choice(["🔺", "⏫", "🔼", "🔽", "⏬"])
        elif rng.random() < 0.05:
            task.priority = "priority:" + rng.choice(["high", "low"])
        if task.emoji and task.due is not None and rng.random() < 0.2:
            task.scheduled = task.due - self.days(1, 5)
        if rng.random() < 0.04 and task.explicit_id and task.owner:
            task.owner_first = True
        if rng.random() < 0.05:
            task.notes = [rng.choice(NOTES)]
        if parent is None and rng.random() < 0.12:
            for _ in range(rng.randint(1, 3)):
                sub = self.task(plan, phase, phase_start, phase_end, used, task)
                task.subtasks.append(sub)
        return task

    def ensure_coverage(self, plan):
        """In an active plan, gives each party an open task owned by one of its people."""
        if plan.status != "active":
            return
        for party in plan.parties:
            if party.lower() in plan.covered_parties():
                continue
            members = [p for p in plan.people if p.party == party]
            before = plan.covered_parties()
            candidates = [t for t in plan.tasks() if t.is_open and t.owner and not cancelled_above(t)]
            for task in self.rng.sample(candidates, len(candidates)):
                saved, task.owner = task.owner, self.rng.choice(members).handle
                if before < plan.covered_parties():
                    break
                task.owner = saved  # it was the only open work of another party
            else:  # no open task can change hands: add one at the end
                phase = plan.phases[-1]
                task = Task(title="Confirm the next steps with %s" % party, owner=members[0].handle,
                            due=plan.due, explicit_id="next-steps-%d" % len(plan.tasks()), phase=phase)
                phase.items.append(task)

    def workshops(self, plan):
        rng = self.rng
        kickoff = plan.start if isinstance(plan.start, Date) else plan.due
        decisions = [[d, []] for d in rng.sample(DECISIONS, rng.randint(0, 2))]
        plan.workshops.append([kickoff, "Kickoff", [p.handle for p in plan.people], decisions, None])
        for _ in range(rng.randint(0, 3)):
            when = kickoff + self.days(7, max(8, (plan.due - kickoff).days))
            attendees = [p.handle for p in rng.sample(plan.people, min(3, len(plan.people)))]
            decisions = [[rng.choice(DECISIONS), [rng.choice(attendees)] if rng.random() < 0.3 else []]]
            note = "Notes from @visiting-facilitator are in the folder" if rng.random() < 0.2 else None
            plan.workshops.append([when, rng.choice(WORKSHOP_NAMES), attendees, decisions, note])
        plan.workshops.sort(key=lambda w: w[0])

    def milestones(self, plan):
        rng, today = self.rng, self.today
        span = (plan.due - plan.start).days
        count = rng.randint(2, 5)
        for k, (name, celebrate) in enumerate(MILESTONES[:count]):
            due = plan.start + datetime.timedelta(days=span * (k + 1) // (count + 1))
            goal = rng.choice(plan.goals)[0] if rng.random() < 0.5 else None
            reached = due < today and rng.random() < 0.7
            plan.milestones.append({"name": name, "due": due, "goal": goal, "celebrate": celebrate,
                                    "reached": reached, "emoji": rng.random() < 0.1,
                                    "handle": rng.choice(plan.people).handle if rng.random() < 0.2 else None})

    def channels(self, plan):
        rng = self.rng
        for name, every in rng.sample(CADENCED_CHANNELS, rng.randint(1, 3)):
            handles = [p.handle for p in rng.sample(plan.people, min(2, len(plan.people)))]
            plan.channels.append([name, every, handles])
        for template in rng.sample(PLAIN_CHANNELS, rng.randint(0, 2)):
            short = plan.customer[1]
            plan.channels.append([template.format(short=short, upper=short.upper()[:4]), None, []])

    def metrics(self, plan):
        rng = self.rng
        for goal_id, _, _, unit, name in plan.goals:
            for k in range(rng.choice([1, 1, 2])):
                target = rng.choice([5, 12, 40, 90, 1200])
                baseline = str(rng.choice([0, 2, 10])) if rng.random() < 0.8 else ""
                current = str(rng.randint(0, target)) if rng.random() < 0.7 or not baseline else ""
                written_goal = goal_id.lower() if rng.random() < 0.1 else goal_id
                due = plan.due if rng.random() < 0.3 else None
                plan.metrics.append(Metric(name if k == 0 else name + ", monthly average", [written_goal],
                                           baseline + ("%" if unit == "%" and baseline else ""),
                                           "{:,}".format(target) + ("%" if unit == "%" else ""),
                                           current + ("%" if unit == "%" and current else ""),
                                           "" if unit == "%" else unit, due))
        if len(plan.goals) > 1 and rng.random() < 0.2:
            pair = [g[0] for g in rng.sample(plan.goals, 2)]
            plan.metrics.append(Metric("Sponsor satisfaction", pair, "6", "8", "7", "of 10", None))
        rng.shuffle(plan.metrics)

    def risks(self, plan):
        rng = self.rng
        for text, mitigation in rng.sample(RISKS, rng.randint(1, 3)):
            plan.risks.append({"text": text, "impact": rng.choice(LEVELS),
                               "likelihood": rng.choice(LEVELS) if rng.random() < 0.6 else None,
                               "owner": rng.choice(plan.people).handle, "mitigation": mitigation,
                               "extra": None})

    def updates(self, plan):
        rng, today = self.rng, self.today
        newest = min(today, plan.due)
        if plan.status == "active" and plan.review:
            newest = today - self.days(0, CADENCE_DAYS[plan.review])
        elif plan.status in ("on-hold", "cancelled"):
            newest = today - self.days(30, 80)
        elif plan.status == "draft":
            if rng.random() < 0.5:
                return
            newest = today - self.days(0, 10)
        day = newest
        for _ in range(rng.randint(1, 6)):
            handle = rng.choice(plan.people).handle if rng.random() < 0.3 else None
            if handle and rng.random() < 0.2:
                handle = handle.upper()
            plan.updates.append([day, rng.choice([": ", " — ", " - ", " "]), rng.choice(UPDATE_TEXTS), handle])
            day -= self.days(3, 14)


# ----------------------------------------------------------------------------- defects

class Defects:
    """Each method changes a clean plan so that mapc reports its rule exactly once.

    A method returns a short description, or None when the plan offers no safe place
    for the defect (it is then not injected, and another rule is tried).
    """

    def __init__(self, plan, rng, today):
        self.plan, self.rng, self.today = plan, rng, today

    def pick(self, items):
        return self.rng.choice(items) if items else None

    def free_tasks(self, open_only=True):
        """Tasks no defect has used yet; by default only those that are really open."""
        return [t for t in self.plan.tasks()
                if not t.touched and (t.is_open and not cancelled_above(t) or not open_only)]

    def live_tasks(self):
        """Untouched tasks that are not cancelled, which date rules look at."""
        return [t for t in self.free_tasks(open_only=False) if t.state != "cancelled" and not cancelled_above(t)]

    def keeps_coverage(self, change):
        """Applies `change` and undoes it if a party of an active plan lost its open work."""
        before = self.plan.covered_parties()
        undo = change()
        if self.plan.status == "active" and not before <= self.plan.covered_parties():
            undo()
            return False
        return True

    def misspell(self, handle):
        taken = {p.handle.lower() for p in self.plan.people}
        for candidate in (handle[1] + handle[0] + handle[2:] if len(handle) > 2 else handle + "x",
                          handle + handle[-1], handle[:-1] + "q", "x" + handle):
            if candidate.lower() not in taken and candidate[-1] not in ".-":
                return candidate
        return None

    def owner_missing(self):
        for task in self.rng.sample(self.free_tasks(), len(self.free_tasks())):
            if task.parent is not None or any(s.owner is None for s in task.subtasks):
                continue
            saved = (task.owner, task.contributors, task.owner_first)

            def change():
                task.owner, task.contributors, task.owner_first = None, [], False
                return lambda: (setattr(task, "owner", saved[0]), setattr(task, "contributors", saved[1]),
                                setattr(task, "owner_first", saved[2]))
            if self.keeps_coverage(change):
                task.touched = True
                return "task `%s` has no handle" % task.title
        return None

    def owner_unknown(self):
        plan, rng = self.plan, self.rng
        places = []
        if plan.risks:
            places.append("risk")
        if any(t.contributors for t in self.free_tasks()):
            places.append("contributor")
        if any(u[3] for u in plan.updates):
            places.append("update")
        if "owner" not in plan.locked:
            places.append("front matter")
        place = rng.choice(places)
        if place == "risk":
            risk = rng.choice(plan.risks)
            risk["owner"] = self.misspell(risk["owner"]) or "nobody-here"
            return "risk owner `@%s`" % risk["owner"]
        if place == "contributor":
            task = rng.choice([t for t in self.free_tasks() if t.contributors])
            task.contributors = [self.misspell(task.contributors[0]) or "nobody-here"] + task.contributors[1:]
            task.touched = True
            return "contributor `@%s`" % task.contributors[0]
        if place == "update":
            update = rng.choice([u for u in plan.updates if u[3]])
            update[3] = self.misspell(update[3]) or "nobody-here"
            plan.locked.add("updates")  # plan-stale must not drop this update
            return "update mention `@%s`" % update[3]
        plan.owner_written = self.misspell(plan.owner) or "nobody-here"
        plan.locked.add("owner")
        return "front-matter owner `@%s`" % plan.owner_written

    def dependency_unknown(self):
        task = self.pick([t for t in self.free_tasks(open_only=False) if t.ident])
        if task is None:
            return None
        ids = {t.ident for t in self.plan.tasks()}
        missing = task.ident + "-old"
        while missing in ids:
            missing += "x"
        task.after_raw.append(missing)
        task.touched = True
        return "`after:%s`" % missing

    def dependency_cycle(self):
        # All open or all finished: a done task waiting for an open one is another rule.
        free = [t for t in self.free_tasks(open_only=False) if t.ident]
        openness = self.rng.choice([True, False])
        free = [t for t in free if really_open(t) == openness] or [t for t in free if really_open(t) != openness]
        size = self.rng.choice([1, 2, 2, 3])
        if len(free) < size:
            return None
        members = self.rng.sample(free, size)
        for task, target in zip(members, members[1:] + members[:1]):
            task.after, task.touched = [target], True
        return "cycle " + " → ".join(t.ident for t in members)

    def task_overdue(self):
        if self.plan.status != "active":
            return None
        candidates = [t for t in self.free_tasks() if isinstance(t.due, Date) and not t.subtasks]
        task = self.pick(candidates)
        if task is None:
            return None
        task.due = self.today - datetime.timedelta(days=self.rng.randint(1, 40))
        task.after, task.start, task.scheduled, task.touched = [], None, None, True
        return "task `%s` due %s" % (task.title, task.due)

    def task_undated(self):
        candidates = [t for t in self.free_tasks() if t.parent is None and not t.subtasks
                      and t.phase.deadline is None and t.due is not None]
        task = self.pick(candidates)
        if task is None:
            return None
        task.due, task.scheduled, task.start, task.touched = None, None, None, True
        return "task `%s` has no date" % task.title

    def goal_unmeasured(self):
        plan = self.plan
        if "goals" in plan.locked:
            return None
        plan.locked.add("goals")
        # A goal loses its metrics only when no other defect sits in one of them.
        removable = [g[0] for g in plan.goals if not any(
            m.touched for m in plan.metrics if g[0].lower() in (x.lower() for x in m.goals))]
        if not removable or self.rng.random() < 0.5:
            number = len(plan.goals) + 1
            plan.goals.append(["G%d" % number, "Publish a joint case study", "", "", ""])
            return "new goal G%d" % number
        goal = self.rng.choice(removable)
        for metric in plan.metrics:
            metric.goals = [g for g in metric.goals if g.lower() != goal.lower()]
        plan.metrics = [m for m in plan.metrics if m.goals]
        return "goal %s lost its metrics" % goal

    def metric_incomplete(self):
        metric = self.pick([m for m in self.plan.metrics if not m.touched])
        if metric is None:
            return None
        metric.touched = True
        if self.rng.random() < 0.5:
            metric.target = ""
            return "metric `%s` without target" % metric.name
        metric.baseline = metric.current = ""
        return "metric `%s` without baseline or current" % metric.name

    def schedule_inversion(self):
        tasks = [t for t in self.plan.tasks() if t.state != "cancelled" and not cancelled_above(t)]
        for _ in range(20):
            if len(tasks) < 2:
                return None
            early, late = self.rng.sample(tasks, 2)
            if early.touched or late.touched or not isinstance(early.due, Date) or not isinstance(late.due, Date):
                continue
            if not really_open(early):  # a done task's date is history
                continue
            if early.due >= late.due or depends_on(late, early) or late is early.parent:
                continue
            early.after.append(late)
            early.touched = late.touched = True
            return "`%s` due before `%s`" % (early.ident, late.ident)
        return None

    def due_after_plan(self):
        later = self.plan.due + datetime.timedelta(days=self.rng.randint(1, 60))
        if self.rng.random() < 0.5:
            milestone = self.pick([m for m in self.plan.milestones if not m.get("touched")])
            if milestone:
                milestone["due"], milestone["touched"] = later, True
                return "milestone `%s`" % milestone["name"]
        # A top-level task in a phase without deadline: no parent or phase date to pass.
        task = self.pick([t for t in self.live_tasks() if isinstance(t.due, Date) and not self.plan.dependents(t)
                          and t.parent is None and t.phase.deadline is None])
        if task is None:
            return None
        task.due, task.touched = later, True
        return "task `%s` due %s" % (task.title, later)

    def invalid_date(self):
        plan, rng = self.plan, self.rng
        bad = rng.choice(INVALID_DAYS).format(y=self.today.year)
        place = rng.choice(["task", "task", "milestone", "metric", "workshop", "start"])
        if place == "start" and "start" not in plan.locked and plan.updates:
            plan.start = bad
            plan.locked.add("start")
            return "front-matter start %s" % bad
        if place == "metric":
            metric = self.pick([m for m in plan.metrics if not m.touched])
            if metric:
                metric.due, metric.touched = bad, True
                return "metric Due %s" % bad
        if place == "milestone":
            milestone = self.pick([m for m in plan.milestones if not m.get("touched")])
            if milestone:
                milestone["due"], milestone["touched"] = bad, True
                return "milestone %s" % bad
        if place == "workshop" and len(plan.workshops) > 1:
            workshop = rng.choice(plan.workshops[1:])
            if not isinstance(workshop[0], str):
                workshop[0] = bad
                return "workshop %s" % bad
        task = self.pick([t for t in self.free_tasks(open_only=False) if isinstance(t.due, Date)])
        if task is None:
            return None
        task.due, task.touched = bad, True
        return "task `%s` due %s" % (task.title, bad)

    def duplicate_id(self):
        plan, rng = self.plan, self.rng
        kind = rng.choice(["task", "goal", "stakeholder"])
        if kind == "goal" and "goals" not in plan.locked and plan.goals:
            goal = rng.choice(plan.goals)
            plan.goals.append([goal[0], "Keep the pilot sites happy", "", "", ""])
            plan.locked.add("goals")
            return "goal %s twice" % goal[0]
        if kind == "stakeholder":
            person = rng.choice([p for p in plan.people if not p.idle])
            twin = Person(person.handle.upper(), person.name, person.party, "Deputy", "", "", "")
            plan.people.insert(plan.people.index(person) + 1, twin)
            return "stakeholder @%s twice" % person.handle
        tasks = plan.tasks()
        for _ in range(20):
            first, second = sorted(rng.sample(range(len(tasks)), 2)) if len(tasks) > 1 else (0, 0)
            a, b = tasks[first], tasks[second]
            if a is b or b.touched or a.touched or plan.dependents(b) or b.suppressed_undated:
                continue
            if derived_id(b.title) == a.ident:
                continue
            b.explicit_id, a.touched, b.touched = a.ident, True, True
            return "task id `%s` twice" % a.ident
        return None

    def plan_stale(self):
        plan = self.plan
        if plan.status != "active" or not plan.review or {"review", "start", "future update"} & plan.locked:
            return None
        plan.locked.add("review")
        allowed = CADENCE_DAYS[plan.review]
        newest = self.today - datetime.timedelta(days=allowed + self.rng.randint(1, 30))
        plan.locked.add("start")
        if not plan.updates or ("updates" not in plan.locked and self.rng.random() < 0.2):
            plan.updates, plan.start = [], min(plan.start, newest)
            return "no updates, start %s" % plan.start
        shift = plan.updates[0][0] - newest
        for update in plan.updates:
            update[0] -= shift
        return "newest update %s" % newest

    def party_without_tasks(self):
        plan = self.plan
        if plan.status != "active" or "parties" in plan.locked:
            return None
        plan.locked.add("parties")
        taken = {p.lower() for p in plan.parties}
        party = next(name for name, _ in THIRD_PARTIES + [("Oversight Board", "")] if name.lower() not in taken)
        used = {p.handle.lower() for p in plan.people}
        name, handle = next(pair for pair in PEOPLE if pair[1] not in used)
        plan.parties.append(party)
        plan.people.append(Person(handle, name, party, "Observer", "", "", ""))
        plan.workshops[0][2].append(handle)  # attends the kickoff, so not idle
        return "party `%s` with no open task" % party

    def no_communication(self):
        if self.plan.status != "active" or "channels" in self.plan.locked:
            return None
        self.plan.locked.add("channels")
        for channel in self.plan.channels:
            channel[1] = None
        return "no channel has every:"

    def retrospective_missing(self):
        if self.plan.status != "done":
            return None
        # A comment-only Retrospective must stay the last section: a second front matter
        # after it would give it content (its opening `---`).
        comment_only = self.rng.random() < 0.5 and "second front matter" not in self.plan.locked
        self.plan.retrospective = ["<!-- What went well? What would we change? -->"] if comment_only else None
        self.plan.locked.add("retrospective")
        return "retrospective removed or empty"

    def stakeholder_idle(self):
        plan = self.plan
        used = {p.handle.lower() for p in plan.people}
        name, handle = next(pair for pair in reversed(PEOPLE) if pair[1] not in used)
        plan.people.append(Person(handle, name, plan.parties[0], "Adviser", "", "", "", idle=True))
        return "stakeholder @%s" % handle

    def no_conflict_process(self):
        if "escalation" in self.plan.locked:
            return None
        self.plan.locked.add("escalation")
        self.plan.escalation = None
        return "no Conflict resolution section"

    def unknown_field(self):
        plan, rng = self.plan, self.rng
        kind = rng.choice(["front matter", "status", "estimate", "risk", "every"])
        if kind == "front matter":
            plan.extra_front_matter.append("budget: 40k")
            return "front-matter key `budget`"
        if kind == "status" and plan.status == "active" and "status" not in plan.locked:
            plan.front_matter_override["status"] = "actve"  # still treated as active
            plan.locked.add("status")
            return "status `actve`"
        if kind == "estimate":
            task = self.pick(self.free_tasks())
            if task:
                task.estimate, task.touched = "3days", True
                return "est:3days"
        if kind == "every" and "channels" not in plan.locked:
            cadenced = [c for c in plan.channels if c[1]]
            if len(cadenced) > 1:
                plan.locked.add("channels")
                cadenced[0][1] = "fortnight"
                return "every:fortnight"
        risk = self.pick([r for r in plan.risks if not r["extra"]])
        if risk is None:
            return None
        risk["extra"] = "likelyhood:low"
        return "likelyhood:low on a risk"

    def front_matter_invalid(self):
        plan = self.plan
        if "review" not in plan.locked and plan.review and self.rng.random() < 0.5:
            plan.locked.add("review")
            plan.front_matter_override["review"] = "fortnightly"
            return "review: fortnightly"
        if "tags" in plan.locked:
            return None
        plan.locked.add("tags")
        plan.front_matter_override["tags"] = plan.tags[0]
        return "tags as a string"


class UndocumentedDefects(Defects):
    """Defects of the rules mapc has that docs/rules.md does not describe yet: each follows
    the rule's own manual (`mapc rules ID`) and was checked alone with mapc first."""

    def checkbox_malformed(self):
        task = self.pick([t for t in self.live_tasks() if t.state in ("open", "done")])
        if task is None:
            return None
        task.box, task.touched = ("[ x ]" if task.state == "done" else "[]"), True
        return "checkbox `%s`" % task.box

    def almost_token(self):
        milestones = [m for m in self.plan.milestones if m["goal"] and not m.get("touched")]
        if milestones and self.rng.random() < 0.5:
            milestone = self.rng.choice(milestones)
            milestone["almost"], milestone["touched"] = True, True
            return "`goal: %s` on a milestone" % milestone["goal"]
        # A task whose date is written `due: DATE` keeps no date; mapc says why instead of
        # calling it undated, so it must be a task no other date depends on.
        task = self.pick([t for t in self.free_tasks() if isinstance(t.due, Date) and not t.emoji
                          and not t.subtasks and not self.plan.dependents(t)])
        if task is None:
            return None
        task.almost_due, task.touched = True, True
        return "`due: %s` on a task" % task.due

    def untracked_tasks(self):
        if "next steps" in self.plan.locked:
            return None
        self.plan.locked.add("next steps")
        handle = self.rng.choice([p for p in self.plan.people if not p.idle]).handle
        self.plan.trailing.insert(0, "## Next steps\n\n- [ ] Send the minutes to both sponsors @%s\n"
                                     "- [ ] Book the follow-up call\n" % handle)
        return "checkbox items under ## Next steps"

    def unknown_section(self):
        if "near miss" in self.plan.locked:
            return None
        self.plan.locked.add("near miss")
        name = self.rng.choice(["Risk", "Milestone", "Stakeholder", "Metric", "Workshop"])
        self.plan.trailing.insert(0, "## %s\n\nNothing new since the last review.\n" % name)
        return "## %s" % name

    def heading_level(self):
        if self.plan.goal_heading_extra:
            return None
        self.plan.goal_heading_extra = "#### G%d: Keep the pilot sites happy" % (len(self.plan.goals) + 5)
        return self.plan.goal_heading_extra

    def table_column_missing(self):
        if self.plan.metrics_extra_table:
            return None
        self.plan.metrics_extra_table = True
        return "a Metrics table without a Metric column"

    def second_front_matter(self):
        if "second front matter" in self.plan.locked or "retrospective" in self.plan.locked:
            return None
        self.plan.locked.add("second front matter")
        self.plan.trailing.append("---\ntitle: Follow-up plan\nstatus: draft\n---\n")
        return "a second front matter at the end"


    def due_after_parent(self):
        plan = self.plan
        for task in self.rng.sample(self.free_tasks(), len(self.free_tasks())):
            if not isinstance(task.due, Date) or plan.dependents(task):
                continue
            limit = (task.parent.due if task.parent is not None else task.phase.deadline)
            if not isinstance(limit, Date) or limit >= plan.due:
                continue
            task.due = min(plan.due, limit + datetime.timedelta(days=self.rng.randint(1, 20)))
            task.start, task.touched = None, True
            return "task `%s` due %s, after %s" % (task.title, task.due, limit)
        return None

    def done_before_dependency(self):
        plan = self.plan
        done = [t for t in plan.tasks() if t.state == "done" and not cancelled_above(t) and not t.touched]
        waiting = [t for t in self.free_tasks() if t.ident]
        for _ in range(20):
            if not done or not waiting:
                return None
            task, dependency = self.rng.choice(done), self.rng.choice(waiting)
            if dependency is task.parent or depends_on(dependency, task):
                continue
            task.after.append(dependency)
            task.touched = dependency.touched = True
            return "done `%s` after open `%s`" % (task.ident, dependency.ident)
        return None

    def dates_reversed(self):
        task = self.pick([t for t in self.live_tasks() if isinstance(t.due, Date)])
        if task is None:
            return None
        task.start, task.touched = task.due + datetime.timedelta(days=self.rng.randint(1, 10)), True
        return "task `%s` starts %s, due %s" % (task.title, task.start, task.due)

    def update_in_future(self):
        plan = self.plan
        if {"review", "future update"} & plan.locked:
            return None
        plan.locked.add("future update")
        when = self.today + datetime.timedelta(days=self.rng.choice([1, 30, 365]))
        plan.updates.insert(0, [when, ": ", "steering review moved", None])
        return "update dated %s" % when

    def done_plan_open_tasks(self):
        plan = self.plan
        if plan.status != "done":
            return None
        task = self.pick([t for t in plan.tasks() if t.state == "done" and t.parent is None and not t.touched
                          and isinstance(t.due, Date) and not plan.dependents(t)])
        if task is None:
            return None
        task.state, task.done_on, task.box, task.touched = "open", None, None, True
        for sub in task.subtasks:
            sub.state = "done"  # the parent alone is open again
        return "task `%s` open again" % task.title

    def goal_unknown(self):
        plan = self.plan
        missing = "G%d" % (len(plan.goals) + 3)
        task = self.pick([t for t in self.live_tasks() if not t.emoji])
        if task is None:
            return None
        task.goals, task.touched = task.goals + [missing], True
        return "`goal:%s` on `%s`" % (missing, task.title)

    def party_unknown(self):
        plan = self.plan
        used = {p.handle.lower() for p in plan.people}
        name, handle = next(pair for pair in PEOPLE[len(PEOPLE) // 2:] + PEOPLE if pair[1] not in used)
        short = plan.parties[0].split(" ")[0]
        if short.lower() in (p.lower() for p in plan.parties):
            return None
        plan.people.append(Person(handle, name, short, "Adviser", "", "", ""))
        plan.workshops[0][2].append(handle)  # attends the kickoff, so not idle
        return "@%s of party `%s`" % (handle, short)


def depends_on(task, other, seen=None):
    """True when `task` reaches `other` through `after:` links."""
    seen = seen if seen is not None else set()
    for target in task.after:
        if target is other:
            return True
        if id(target) not in seen:
            seen.add(id(target))
            if depends_on(target, other, seen):
                return True
    return False


# Every rule the generator can inject. Not file-unreadable, which is about the file system
# rather than a plan (docs/rules.md#file-unreadable), nor input-limit, which needs a
# file or line of megabytes and leaves the file unread (`mapc rules input-limit`).
RULES = ["almost-token", "checkbox-malformed", "dates-reversed", "dependency-cycle", "dependency-unknown",
         "done-before-dependency", "done-plan-open-tasks", "due-after-parent", "due-after-plan", "duplicate-id",
         "front-matter-invalid", "goal-unknown", "goal-unmeasured", "heading-level", "invalid-date",
         "metric-incomplete", "no-communication", "no-conflict-process", "owner-missing", "owner-unknown",
         "party-unknown", "party-without-tasks", "plan-stale", "retrospective-missing", "schedule-inversion",
         "second-front-matter", "stakeholder-idle", "table-column-missing", "task-overdue", "task-undated",
         "unknown-field", "unknown-section", "untracked-tasks", "update-in-future"]
assert all(hasattr(UndocumentedDefects, rule.replace("-", "_")) for rule in RULES)


def inject(plan, fraction, seed, today):
    rng = random.Random("defects/%d/%d" % (seed, plan.index))
    if rng.random() >= fraction:
        return
    wanted = rng.choices([1, 2, 3], [0.65, 0.25, 0.1])[0]
    defects = UndocumentedDefects(plan, rng, today)
    order = rng.sample(RULES, len(RULES))
    if plan.status == "done" and rng.random() < 0.5:
        # The rules only done plans can break would otherwise be rare in a corpus.
        rule = rng.choice(["retrospective-missing", "done-plan-open-tasks"])
        order.insert(0, order.pop(order.index(rule)))
    for rule in order:
        if len(plan.defects) == wanted:
            break
        detail = getattr(defects, rule.replace("-", "_"))()
        if detail:
            plan.defects.append({"rule": rule, "detail": detail})


# ----------------------------------------------------------------------------- rendering

def yaml_scalar(text, quote='"'):
    plain_safe = all(c not in text for c in ":#,[]{}&*!|>'\"%@`") and text.strip() == text
    if plain_safe and text:
        return text
    if quote == "'":
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_list(items, flow, key):
    if flow:
        return ["%s: [%s]" % (key, ", ".join(yaml_scalar(i) for i in items))]
    return ["%s:" % key] + ["  - %s" % yaml_scalar(i) for i in items]


class Renderer:
    def __init__(self, plan):
        self.plan = plan
        self.lines = []

    def heading(self, name):
        self.lines += ["## " + (ALIASES.get(name, name) if self.plan.style["aliases"] else name), ""]

    def render(self):
        plan, out = self.plan, self.lines
        self.front_matter()
        if plan.style["h1"]:
            out += ["# " + plan.title, ""]
        out += ["<!-- Kept by %s; edit by pull request. -->" % plan.vendor[0], ""]
        out += ["This plan tracks the joint work of %s and %s on the %s. The signed order is in "
                "[the contract folder](https://files.example.org/%s), and the test system notes "
                "live in `wiki:%s/notes`. Questions to @partner-desk." % (
                    plan.vendor[0], plan.customer[0], plan.title.split(": ")[-1], plan.slug, plan.customer[1]), ""]
        self.goals()
        self.stakeholders()
        self.workshops()
        self.tasks()
        self.milestones()
        self.channels()
        self.metrics()
        if plan.unknown_section:
            name, text = plan.unknown_section
            out += ["## " + name, "", text.format(customer=plan.customer[0], vendor=plan.vendor[0])]
        self.risks()
        if plan.escalation:
            self.heading("Conflict resolution")
            escalate = "escalate: " + " -> ".join("@" + h for h in plan.escalation)
            out += [CONFLICT_PROSE[plan.index % len(CONFLICT_PROSE)],
                    ("- " + escalate) if plan.index % 5 == 0 else escalate, ""]
        self.updates()
        if plan.retrospective is not None:
            self.heading("Retrospective")
            out += plan.retrospective + [""]
        out += plan.trailing
        text = "\n".join(out).rstrip("\n") + "\n"
        if plan.style["crlf"]:
            text = text.replace("\n", "\r\n")
        if plan.style["bom"]:
            text = "\ufeff" + text
        return text

    def front_matter(self):
        plan, out = self.plan, self.lines
        override = plan.front_matter_override
        out += ["---", "title: " + yaml_scalar(plan.title, "'" if plan.index % 3 == 0 else '"')]
        if plan.style["write_id"]:
            out.append("id: " + plan.slug)
        out.append("status: " + override.get("status", plan.status))
        out.append("start: " + iso(plan.start))
        out.append("due: " + iso(plan.due))
        out.append("owner: " + plan.style["owner_form"] % (plan.owner_written or plan.owner))
        if "parties" in override:
            out.append("parties: " + override["parties"])
        else:
            out += yaml_list(plan.parties, plan.style["flow_lists"], "parties")
        if plan.review:
            out.append("review: " + override.get("review", plan.review))
        if "tags" in override:
            out.append("tags: " + override["tags"])
        else:
            out += yaml_list(plan.tags, not plan.style["flow_lists"], "tags")
        out += plan.extra_front_matter
        out += ["---", ""]

    def goals(self):
        self.heading("Goals")
        for goal_id, title, description, _, _ in self.plan.goals:
            self.lines += ["### %s: %s" % (goal_id, title), ""]
            if description:
                self.lines += [description, ""]
        if self.plan.goal_heading_extra:
            self.lines += [self.plan.goal_heading_extra, ""]

    def table(self, rows):
        if self.plan.style["aligned"]:
            widths = [max(3, max(len(r[c]) for r in rows)) for c in range(len(rows[0]))]
            lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows]
            lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        else:
            lines = ["| " + " | ".join(row) + " |" for row in rows]
            lines.insert(1, "|" + "---|" * len(rows[0]))
        self.lines += lines + [""]

    def stakeholders(self):
        self.heading("Stakeholders")
        rows = [["Handle", "Name", "Party", "Role", "Interests", "Expectations", "Capacity"]]
        for p in self.plan.people:
            handle = ("@" + p.handle) if self.plan.index % 4 else p.handle  # the @ is optional
            rows.append([handle, p.name, p.party, p.role, p.interest, p.expectation, p.capacity])
        self.table(rows)

    def workshops(self):
        self.heading("Workshops")
        indent = self.plan.style["indent"]
        for when, name, attendees, decisions, note in self.plan.workshops:
            handles = " ".join("@" + h for h in attendees if not self.plan.person(h).idle)
            if len(decisions) == 1 and not decisions[0][1] and self.plan.index % 3 == 0:
                self.lines.append("- %s %s %s decision: %s" % (iso(when), name, handles, decisions[0][0]))
                continue
            self.lines.append("- %s %s %s" % (iso(when), name, handles))
            for text, mentions in decisions:
                self.lines.append("%s- decision: %s%s" % (indent, text, "".join(" @" + h for h in mentions)))
            if note:
                self.lines.append("%s- %s" % (indent, note))
        self.lines.append("")

    def tasks(self):
        self.heading("Tasks")
        for phase in self.plan.phases:
            head = "### " + phase.title
            if phase.lead:
                head += " @" + phase.lead
            if phase.deadline is not None:
                head += " due:" + iso(phase.deadline)
            self.lines += [head, ""]
            for item in phase.items:
                if isinstance(item, Group):
                    self.lines.append("- " + item.title)
                    for task in item.tasks:
                        self.task(task, 1)
                else:
                    self.task(item, 0)
            self.lines.append("")

    def task(self, task, depth):
        indent = self.plan.style["indent"] * depth
        if task.suppressed_undated:
            if depth:  # only top-level tasks carry the comment, so no list is split
                raise AssertionError("suppression inside a group")
            self.lines.append("<!-- mapc-disable-next-line task-undated -->")
        box = task.box or {"open": "[ ]", "done": "[x]" if self.plan.index % 7 else "[X]", "cancelled": "[ ]"}[task.state]
        title = "~~%s~~" % task.title if task.state == "cancelled" else task.title
        handles = ["@" + task.owner] if task.owner else []
        handles += ["@" + h for h in task.contributors]
        if task.owner_first and task.state != "cancelled":  # `@li to ~~…~~` is not struck as a whole
            words = [" ".join(handles), "to", title[0].lower() + title[1:]]
        else:
            words = [title] + handles
        if task.priority:
            words.append(task.priority)
        if task.emoji:
            pairs = [("🛫", task.start), ("⏳", task.scheduled), ("📅", task.due), ("✅", task.done_on)]
            words += ["%s %s" % (emoji, iso(v)) for emoji, v in pairs if v is not None]
            if task.explicit_id:
                words.append("🆔 " + task.explicit_id)
            after = [t.ident for t in task.after] + task.after_raw
            if after:
                words.append("⛔ " + ",".join(after))
            if task.estimate:
                words.append("est:" + task.estimate)
        else:
            for key, value in (("due", task.due), ("start", task.start), ("done", task.done_on)):
                if value is not None:
                    words.append("%s:%s%s" % (key, " " if key == "due" and task.almost_due else "", iso(value)))
            if task.estimate:
                words.append("est:" + task.estimate)
            if task.goals:
                words.append("goal:" + ",".join(task.goals))
            if task.progress:
                words.append("status:" + task.progress)
            after = [t.ident for t in task.after] + task.after_raw
            if after:
                words.append("after:" + ",".join(after))
            if task.explicit_id:
                words.append("id:" + task.explicit_id)
        self.lines.append("%s- %s %s" % (indent, box, " ".join(words)))
        for sub in task.subtasks:
            self.task(sub, depth + 1)
        for note in task.notes:
            self.lines.append("%s- %s" % (indent + self.plan.style["indent"], note))

    def milestones(self):
        self.heading("Milestones")
        for m in self.plan.milestones:
            words = [("- [x] " if m["reached"] else "- ") + m["name"]]
            if m["handle"]:
                words.append("@" + m["handle"])
            words.append(("📅 " if m["emoji"] else "due:") + iso(m["due"]))
            if m["goal"] and m.get("almost"):
                words.append("goal: " + m["goal"])
            elif m["goal"]:
                words.append("goal:" + m["goal"])
            if m["celebrate"]:
                words.append(m["celebrate"])
            self.lines.append(" ".join(words))
        self.lines.append("")

    def channels(self):
        self.heading("Communication")
        for name, every, handles in self.plan.channels:
            words = [name] + (["every:" + every] if every else []) + ["@" + h for h in handles]
            self.lines.append("- " + " ".join(words))
        self.lines.append("")

    def metrics(self):
        self.heading("Metrics")
        rows = [["Metric", "Goal", "Baseline", "Target", "Current", "Unit", "Due"]]
        for m in self.plan.metrics:
            rows.append([m.name, ", ".join(m.goals), m.baseline, m.target, m.current, m.unit,
                         iso(m.due) if m.due is not None else ""])
        if self.plan.index % 6 == 1:  # columns are found by name, in any order
            rows = [[r[0], r[3], r[2], r[4], r[1], r[6], r[5]] for r in rows]
        self.table(rows)
        if self.plan.metrics_extra_table:
            self.table([["Quarter", "Budget"], ["Q1", "40k"], ["Q2", "55k"]])

    def risks(self):
        self.heading("Risks")
        for r in self.plan.risks:
            words = [r["text"], "impact:" + r["impact"]]
            if r["likelihood"]:
                words.append("likelihood:" + r["likelihood"])
            if r["extra"]:
                words.append(r["extra"])
            words += ["@" + r["owner"], "mitigation: " + r["mitigation"]]
            self.lines.append("- " + " ".join(words))
        self.lines.append("")

    def updates(self):
        plan = self.plan
        if not plan.updates and plan.status != "active":
            return
        self.heading("Updates")
        updates = list(reversed(plan.updates)) if plan.style["oldest_first"] else plan.updates
        for when, separator, text, handle in updates:
            self.lines.append("- %s%s%s%s" % (iso(when), separator, text, " (@%s)" % handle if handle else ""))
        self.lines += ["- Older notes are in the shared folder (@archive-bot keeps them)", ""]


# ----------------------------------------------------------------------------- main

def folder_names(count):
    names = []
    for k in range(count):
        word = FOLDER_WORDS[k % len(FOLDER_WORDS)]
        names.append(word if k < len(FOLDER_WORDS) else "%s/%s" % (word, FOLDER_WORDS[(k // len(FOLDER_WORDS)) % len(FOLDER_WORDS)] + str(k)))
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="See the top of this file for the invariants and the manifest.")
    parser.add_argument("--plans", type=int, required=True, help="how many plan files to write")
    parser.add_argument("--out", required=True, help="folder to write into (created when missing)")
    parser.add_argument("--size", choices=sorted(SIZES), default="medium",
                        help="small ≈ 12 tasks, medium ≈ 64, large ≈ 400 (default medium)")
    parser.add_argument("--problems", type=float, default=0.0,
                        help="share of plans with one to three injected defects (default 0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--folders", type=int, default=0, help="spread the files over N sub-folders")
    parser.add_argument("--today", default="2026-11-24", help="the date plans are written for (default 2026-11-24)")
    parser.add_argument("--manifest", help="write one JSON line per file with the rules injected into it")
    args = parser.parse_args(argv)
    if args.plans < 0 or args.folders < 0 or not 0.0 <= args.problems <= 1.0:
        parser.error("--plans and --folders must be 0 or more, --problems between 0 and 1")
    try:
        today = datetime.date.fromisoformat(args.today)
    except ValueError:
        parser.error("--today must be a YYYY-MM-DD date")

    started = time.perf_counter()
    folders = folder_names(args.folders) if args.folders else [""]
    os.makedirs(args.out, exist_ok=True)
    if args.manifest and os.path.dirname(args.manifest):
        os.makedirs(os.path.dirname(args.manifest), exist_ok=True)
    manifest = open(args.manifest, "w", encoding="utf-8") if args.manifest else None
    size_bytes = task_count = with_defects = 0
    for index in range(args.plans):
        plan = Builder(index, args.seed, args.size, today).build()
        inject(plan, args.problems, args.seed, today)
        text = Renderer(plan).render()
        # Every folder gets a plan before any gets a second one.
        folder = folders[index % len(folders)] if index < len(folders) else \
            folders[random.Random("folder/%d/%d" % (args.seed, index)).randrange(len(folders))]
        relative = os.path.join(folder, plan.slug + ".md") if folder else plan.slug + ".md"
        path = os.path.join(args.out, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        size_bytes += len(data)
        task_count += len(plan.tasks())
        with_defects += bool(plan.defects)
        if manifest:
            manifest.write(json.dumps({"file": relative.replace(os.sep, "/"), "status": plan.status,
                                       "rules": sorted(d["rule"] for d in plan.defects),
                                       "defects": plan.defects}, ensure_ascii=False) + "\n")
    if manifest:
        manifest.close()
    print("gen_corpus: %d plans (%s, seed %d) in %s: %.1f MB, %d tasks, %d with defects, %.1f s" % (
        args.plans, args.size, args.seed, args.out, size_bytes / 1e6, task_count, with_defects,
        time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
