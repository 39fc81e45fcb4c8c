"""The instructor's exercise tools (outside the installed crmkit package).

Run through ``python3 kit.py release ...`` and ``python3 kit.py grade ...``; the guide
is ``exercises/README.md``. One module per step:

``sets``        where the sets are; reading a master (otter config, compact questions)
``choice``      compact multiple-choice questions, expanded at release
``practice``    practice checks: fingerprints of right answers and known slips
``release``     masters -> student notebooks and autograder zips (otter assign)
``ids``         the ``STUDENT_ID`` a submission sets
``otter_run``   one submission through otter's runner, in a child process
``grade``       the grading pipeline (collect, run, score, notes, write)
``feedback``    the student's feedback file
``gradebook``   the gradebook CSV
``cli``         the command line
"""
