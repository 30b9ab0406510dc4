"""The load benchmark: locust students and teachers against the real ``quizapp serve``, SQLite and PostgreSQL.

``python -m bench.load`` (part of ``make bench``) runs every scenario on both databases and prints one
table; ``--backend`` and ``--scenario`` run a part of it. See README.md, section "Load".
"""
