"""The sample organisation's shape: divisions, departments and teams, with sizes and job titles.

Pure data. `organisation.py` turns it into people with names, ids and managers. Sizes are the
typical headcount before a seeded ±12 % jitter; they add up to about 2,000 people.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TeamSpec:
    name: str
    lead_title: str
    family: str  # key into FAMILIES: the titles of the team's members
    size: int  # typical headcount, lead included
    children: tuple[TeamSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Family:
    """Job titles of one kind of team: who leads a squad inside it, and who works in it."""

    team_leader: str
    members: tuple[tuple[str, int], ...]  # (title, relative weight)


FAMILIES: dict[str, Family] = {
    "office": Family("Chief of Staff", (
        ("Business Manager", 2), ("Executive Assistant", 2), ("Strategy Analyst", 1),
        ("Programme Manager", 2), ("Business Analyst", 2))),
    "claims": Family("Claims Team Leader", (
        ("Claims Handler", 6), ("Senior Claims Handler", 3), ("Claims Assessor", 2),
        ("Claims Administrator", 2), ("Loss Adjuster", 1))),
    "claims_qa": Family("Quality Team Leader", (
        ("Claims Quality Auditor", 4), ("Technical Claims Specialist", 2), ("Process Analyst", 1))),
    "underwriting": Family("Underwriting Team Leader", (
        ("Underwriter", 5), ("Senior Underwriter", 3), ("Underwriting Assistant", 2),
        ("Risk Surveyor", 1))),
    "actuarial": Family("Actuarial Manager", (
        ("Pricing Analyst", 4), ("Actuarial Analyst", 3), ("Senior Actuary", 1))),
    "service": Family("Contact Centre Team Leader", (
        ("Customer Service Advisor", 8), ("Senior Customer Service Advisor", 3),
        ("Quality Coach", 1), ("Workforce Planner", 1))),
    "complaints": Family("Complaints Team Leader", (
        ("Complaints Handler", 5), ("Senior Complaints Handler", 2), ("Root Cause Analyst", 1))),
    "lending": Family("Lending Team Leader", (
        ("Credit Analyst", 4), ("Loan Officer", 4), ("Mortgage Underwriter", 2),
        ("Lending Operations Assistant", 2))),
    "branch": Family("Branch Manager", (
        ("Personal Banker", 5), ("Customer Adviser", 5), ("Cashier", 2))),
    "digital": Family("Digital Product Lead", (
        ("Software Engineer", 5), ("Digital Product Owner", 2), ("UX Designer", 2),
        ("QA Engineer", 2))),
    "fraud": Family("Fraud Team Leader", (
        ("Fraud Analyst", 5), ("Fraud Investigator", 3), ("Senior Fraud Analyst", 2))),
    "aml": Family("Investigations Team Leader", (
        ("AML Investigator", 4), ("KYC Analyst", 4), ("Financial Crime Officer", 2))),
    "infra": Family("Infrastructure Team Lead", (
        ("Cloud Engineer", 3), ("Systems Administrator", 3), ("Site Reliability Engineer", 2),
        ("Platform Engineer", 2))),
    "servicedesk": Family("Service Desk Team Leader", (
        ("Service Desk Analyst", 6), ("Desktop Support Technician", 3), ("Problem Manager", 1))),
    "security": Family("Security Operations Lead", (
        ("Security Analyst", 4), ("Network Engineer", 3), ("SOC Analyst", 3))),
    "data": Family("Data Engineering Lead", (
        ("Data Engineer", 5), ("Analytics Engineer", 2), ("Data Product Owner", 1),
        ("Data Steward", 2))),
    "datascience": Family("Data Science Lead", (
        ("Data Scientist", 5), ("Machine Learning Engineer", 3), ("MLOps Engineer", 1))),
    "bi": Family("BI Team Lead", (("BI Developer", 3), ("Reporting Analyst", 4))),
    "hr": Family("HR Team Leader", (
        ("HR Business Partner", 4), ("Change Manager", 2), ("HR Advisor", 3))),
    "learning": Family("Learning Team Leader", (
        ("Trainer", 4), ("Learning Designer", 3), ("L&D Coordinator", 2))),
    "legal": Family("Compliance Team Leader", (
        ("Compliance Officer", 4), ("Legal Counsel", 3), ("Data Protection Officer", 1),
        ("Paralegal", 1))),
    "risk": Family("Model Risk Lead", (
        ("Risk Modeller", 4), ("Model Validator", 3), ("Quantitative Analyst", 2))),
    "finance": Family("Finance Team Leader", (
        ("Financial Accountant", 4), ("Management Accountant", 3), ("Finance Analyst", 3))),
    "procurement": Family("Procurement Team Leader", (
        ("Procurement Specialist", 4), ("Vendor Manager", 2))),
}


def _team(name: str, lead_title: str, family: str, size: int) -> TeamSpec:
    return TeamSpec(name, lead_title, family, size)


def _unit(name: str, lead_title: str, size: int, *children: TeamSpec) -> TeamSpec:
    return TeamSpec(name, lead_title, "office", size, children)


# The top: one small team whose lead (the CEO) every division head reports to.
EXECUTIVE_OFFICE = _unit("Executive Office", "Chief Executive Officer", 6)

DIVISIONS: tuple[TeamSpec, ...] = (
    _unit(
        "Insurance Operations", "Chief Operating Officer", 6,
        _unit(
            "Claims Operations", "Head of Claims Operations", 8,
            _team("Motor Claims", "Motor Claims Manager", "claims", 220),
            _team("Property Claims", "Property Claims Manager", "claims", 150),
            _team("Claims Quality Assurance", "Claims Quality Manager", "claims_qa", 35),
        ),
        _unit(
            "Underwriting", "Chief Underwriting Officer", 6,
            _team("Personal Lines Underwriting", "Personal Lines Underwriting Manager", "underwriting", 90),
            _team("Commercial Underwriting", "Commercial Underwriting Manager", "underwriting", 60),
            _team("Pricing & Actuarial", "Chief Actuary", "actuarial", 35),
        ),
        _unit(
            "Customer Service", "Head of Customer Service", 8,
            _team("Customer Service – North", "Contact Centre Manager – North", "service", 230),
            _team("Customer Service – South", "Contact Centre Manager – South", "service", 200),
            _team("Complaints Resolution", "Complaints Manager", "complaints", 50),
        ),
    ),
    _unit(
        "Retail Banking", "Managing Director, Retail Banking", 6,
        _unit(
            "Lending", "Head of Lending", 6,
            _team("Mortgage Lending", "Mortgage Lending Manager", "lending", 80),
            _team("Consumer Credit", "Consumer Credit Manager", "lending", 60),
        ),
        _unit(
            "Branch & Digital Banking", "Head of Branch & Digital Banking", 6,
            _team("Branch Network", "Regional Branch Director", "branch", 150),
            _team("Digital Channels", "Head of Digital Channels", "digital", 55),
        ),
        _unit(
            "Financial Crime", "Head of Financial Crime", 5,
            _team("Fraud Analytics", "Fraud Analytics Manager", "fraud", 40),
            _team("AML Investigations", "AML Investigations Manager", "aml", 45),
        ),
    ),
    _unit(
        "Technology & Data", "Chief Information Officer", 5,
        _unit(
            "IT Infrastructure", "Head of IT Infrastructure", 6,
            _team("Cloud Platform", "Cloud Platform Manager", "infra", 35),
            _team("Service Desk", "Service Desk Manager", "servicedesk", 60),
            _team("Network & Security Operations", "Chief Information Security Officer", "security", 35),
        ),
        _unit(
            "Data & Analytics", "Chief Data Officer", 5,
            _team("Data Platform", "Data Platform Manager", "data", 40),
            _team("Data Science Lab", "Head of Data Science", "datascience", 25),
            _team("BI & Reporting", "BI & Reporting Manager", "bi", 25),
        ),
    ),
    _unit(
        "Corporate Functions", "Chief Financial Officer", 5,
        _unit(
            "People & Culture", "Chief People Officer", 5,
            _team("HR Business Partners", "Head of HR Business Partnering", "hr", 25),
            _team("Learning & Development", "Head of Learning & Development", "learning", 20),
        ),
        _unit(
            "Risk & Compliance", "Chief Risk Officer", 5,
            _team("Legal & Compliance", "General Counsel", "legal", 35),
            _team("Risk Modelling", "Head of Risk Modelling", "risk", 20),
        ),
        _unit(
            "Finance", "Financial Controller", 5,
            _team("Financial Control", "Head of Financial Control", "finance", 40),
            _team("Procurement", "Head of Procurement", "procurement", 20),
        ),
    ),
)

# People per squad leader inside a team; smaller teams report straight to their lead.
SPAN_OF_CONTROL = 12

# Share of people who have left (deactivated, kept for history).
LEAVER_SHARE = (0.025, 0.035)
