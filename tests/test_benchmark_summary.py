"""The summary of docs/benchmarks.md: the newest run at each size, judged and compared."""

from memorial.bench.summary import END, START, summary, with_summary

RUNS = """# Benchmarks

### Runs

## 2026-12-02 10:00 UTC, 5,000,000 people

| measure | p50 ms | p95 ms | max ms | intended name in top 10 |
|---|---:|---:|---:|---:|
| name search (matcher) | 12.0 | 41.5 | 90.0 | 96% |
| name search (naive icontains) | 900.0 | 2000.0 | 3000.0 | 17% |

| page | p50 ms | p95 ms |
|---|---:|---:|
| admin person changelist | 50.0 | 80.0 |
| admin person changelist, searched | 100.0 | 250.0 |

| view | requests per second |
|---|---:|
| minimal Django view | 3,794 |

## 2026-12-02 09:00 UTC, 1,000,000 people

| measure | p50 ms | p95 ms | max ms | intended name in top 10 |
|---|---:|---:|---:|---:|
| name search (matcher) | 8.0 | 20.0 | 50.0 | 98% |

| page | p50 ms | p95 ms |
|---|---:|---:|
| admin person changelist | 40.0 | 60.0 |

## 2026-12-01 09:00 UTC, 1,000,000 people

| name search (matcher) | 1.0 | 1.0 | 1.0 | 1% |

## 2026-12-02 08:00 UTC, import of 1,000,000 rows and entries, with COPY

| import | entries | people written | seconds | entries per second | x | y | z | w | v | share |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| CSV list | 1,000,000 | 1,000,000 | 70.0 | 14,286 | 1 | 1 | 1 | 1 | 1 | 85% |
| synthetic people | 1,000,000 | 1,000,000 | 90.0 | 11,111 | 1 | 1 | 1 | 1 | 1 | 79% |
"""


def test_each_size_shows_its_newest_run_against_the_targets():
    text = "\n".join(summary(RUNS))
    assert "**1,000,000 people** (run of 2026-12-02 09:00 UTC)" in text
    assert "| name search p95 | 20.0 ms | ≤ 30 ms | met |" in text
    assert "| name search p95 | 41.5 ms | ≤ 30 ms | **missed** |" in text
    assert "| admin changelist, searched, p95 | 250.0 ms | ≤ 200 ms | **missed** |" in text
    # The older run at the same size is not read.
    assert "| 1.0 ms |" not in text


def test_the_growth_table_puts_the_sizes_side_by_side():
    text = "\n".join(summary(RUNS))
    assert "| name search p95, ms | 20.0 | 41.5 | × 2.1 |" in text
    assert "| admin changelist p95, ms | 60.0 | 80.0 | × 1.3 |" in text
    assert "| intended name in the top 10, % | 98 | 96 | × 1.0 |" in text
    # The machine's speed in each run, that the reader may tell its drift from growth.
    assert "| minimal Django view (the machine's speed), requests/s | – | 3,794 |  |" in text
    assert "| minimal Django view (the machine's speed) | 3,794 requests/s |  |  |" in text


def test_imports_are_judged_as_shares_of_copy():
    text = "\n".join(summary(RUNS))
    assert "- CSV list: 14,286 a second, 85% of COPY's (met)" in text
    assert "- synthetic people: 11,111 a second, 79% of " in text
    assert "79% of COPY's (**missed**)" in text


def test_the_section_is_replaced_in_place_not_added_again():
    once = with_summary(RUNS)
    assert once.count(START) == 1 and once.index(START) < once.index("### Runs")
    twice = with_summary(once)
    assert twice == once
    assert twice.count(END) == 1
