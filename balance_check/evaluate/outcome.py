"""An item's result: met / not_met / missing, combined over its conditions."""

from dataclasses import dataclass, field

MET, NOT_MET, MISSING = "met", "not_met", "missing"


@dataclass
class Outcome:
    status: str
    detail: str
    failing_schools: list = field(default_factory=list)
    evidence: str | None = None


def combine(outcomes: list[Outcome]) -> Outcome:
    """Not met if any condition fails; else missing if any lacks data; else met."""
    statuses = {o.status for o in outcomes}
    status = NOT_MET if NOT_MET in statuses else MISSING if MISSING in statuses else MET
    schools = {}
    for o in outcomes:
        for s in o.failing_schools:
            key = (s.get("file") or "", s["row"])  # several files make one county: a row is per file
            prev = schools.get(key)
            schools[key] = s if prev is None else {**prev, "detail": prev["detail"] + "；" + s["detail"]}
    evidence = "；".join(o.evidence for o in outcomes if o.evidence) or None
    # when something is wrong, say only what is wrong
    shown = [o for o in outcomes if o.status != MET] if status != MET else outcomes
    return Outcome(
        status,
        "；".join(o.detail for o in shown if o.detail),
        [schools[k] for k in sorted(schools)],
        evidence,
    )
