"""The scenarios' sizes and pace, shared by the load generator, the runner and the report.

Kept apart from bench.load.generator, which patches the standard library with gevent when imported.
"""

CLASS_START_STUDENTS = 35
EXAM_STUDENTS = 300
EXAM_TEACHERS = 2
EXAM_ANSWER_SECONDS = 60.0  # 300 students x 20 answers in one minute: 100 saves/s
CAPACITY_STUDENTS = 300
# Saves per second offered in turn, each for CAPACITY_STEP_SECONDS, until one is not held at p99 <= 1 s.
CAPACITY_RATES = (60, 100, 150, 220, 290, 380, 500, 650)
CAPACITY_STEP_SECONDS = 5.0
TIME_LIMIT = 330.0  # no scenario runs longer than this, whatever the server does
