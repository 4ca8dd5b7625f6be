"""Answering attempts in tests as a student would, through the services."""

from questions.services.attempts import response_save


def slot(attempt, position):
    return attempt.responses.select_related("version").get(position=position)


def at(response) -> dict:
    """The slot `response` is, as the answer services name it."""
    return {"attempt_id": response.attempt_id, "position": response.position}


def right_ids(response) -> list[int]:
    return list(
        response.options.filter(choice__is_correct=True).values_list("choice_id", flat=True)
    )


def wrong_id(response) -> int:
    return response.options.filter(choice__is_correct=False).values_list("choice_id", flat=True)[0]


def answer(response, *, right: bool, **kwargs):
    """Give a right or a wrong answer to any kind of question."""
    version = response.version
    if version.qtype in ("short", "numerical"):
        if right:
            key = version.accepted_answers.first() or version.numerical_answers.first()
            text = key.text if hasattr(key, "text") else f"{key.value.normalize():f}"
        else:
            text = "틀린 답 987654"
        return response_save(**at(response), text=text, **kwargs)
    if version.qtype == "matching":
        pairs = [p for p in version.pairs.all() if p.prompt]
        matches = {p.id: p.match for p in pairs}
        if not right:
            matches = {p.id: pairs[(i + 1) % len(pairs)].match for i, p in enumerate(pairs)}
        return response_save(**at(response), matches=matches, **kwargs)
    ids = right_ids(response) if right else [wrong_id(response)]
    return response_save(**at(response), choice_ids=ids, **kwargs)
