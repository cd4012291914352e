"""The stages of the sequence of improvement and their equity questions, as first seeded.

A data migration writes them once; from then on they are data that programme leads edit.
"""

STAGES = (
    (
        "understanding",
        "Understanding the problem",
        (
            "Which groups does this problem affect most?",
            "What do the data say about each group, and whose data are missing?",
            "Whose voice is missing from the team?",
        ),
    ),
    (
        "theory",
        "Theory of change and measures",
        (
            "Does the aim say which gap it will narrow, and by how much?",
            "Are the measures broken down by the groups that matter?",
            "Have people from the groups most affected shaped the theory of change?",
        ),
    ),
    (
        "testing",
        "Testing changes",
        (
            "Could this change widen the gap?",
            "Are changes tested with the groups doing worst, not only the easiest to reach?",
            "What did each group's data show after each cycle?",
        ),
    ),
    (
        "implementing",
        "Implementing",
        (
            "Is the change working as well for every group?",
            "What would stop the groups doing worst from benefiting?",
        ),
    ),
    (
        "spreading",
        "Spreading and sustaining",
        (
            "Will the gain last for the groups that gained least?",
            "Where else is the same gap, and who should hear about this?",
        ),
    ),
)
