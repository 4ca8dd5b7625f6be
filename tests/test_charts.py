from questions.charts import percentage_line


def test_points_run_left_to_right_with_100_percent_at_the_top():
    chart = percentage_line([("a", 0), ("b", 50), ("c", 100)], width=200, height=120, margin=10)
    xs = [p.x for p in chart.points]
    ys = [p.y for p in chart.points]
    assert xs == [10, 100, 190]
    assert ys == [110, 60, 10]
    assert chart.polyline == "10.0,110.0 100.0,60.0 190.0,10.0"
    assert [label for _, label in chart.gridlines] == [0, 50, 100]


def test_a_single_attempt_sits_in_the_middle_and_values_are_clamped():
    (point,) = percentage_line([("a", 140)], width=200, height=120, margin=10).points
    assert (point.x, point.y) == (100, 10)
