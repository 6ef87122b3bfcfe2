"""Partner evaluation: weighted criteria, scores with evidence, a ranking, what moved over time."""

from outsourcing._base.public import publish
from outsourcing._operations.evaluation import (
    STANDARD_CRITERIA,
    Criterion,
    Evaluation,
    MissingScores,
    Movement,
    Ranking,
    Score,
    Standing,
    Unranked,
    rank,
    score_history,
    what_moved,
)

__all__ = [
    "STANDARD_CRITERIA",
    "Criterion",
    "Evaluation",
    "MissingScores",
    "Movement",
    "Ranking",
    "Score",
    "Standing",
    "Unranked",
    "rank",
    "score_history",
    "what_moved",
]

publish(__name__, globals(), __all__)
