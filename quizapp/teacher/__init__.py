"""The teacher's side: accounts, classes, banks, assignments, results, printing and paper answers.

The modules here are the logic; the pages are in :mod:`quizapp.teacher.views`, whose blueprint
:func:`quizapp.web.init_app` registers. Importing this package registers nothing, so any module of
it can be imported on its own (quizapp.paper_import uses quizapp.teacher.printing, which the views use).
"""
