"""Plug the isolated grading engine into the real nbgrader (0.9).

``nbgrader_config.py`` (written by ``ch2-grade build-course``) wires these in:

- :class:`~autograder.nbgrader_ext.reader.RepairingNotebookExporter` reads
  submitted notebooks that nbformat refuses, and puts back deleted test cells;
- :class:`~autograder.nbgrader_ext.preprocessors.GradeWithEngine` takes the
  place of nbgrader's ``Execute``: it grades the notebook's code with the hidden
  graders in isolated processes and writes each test cell's verdict as its
  output, which ``SaveAutoGrades`` turns into points;
- :class:`~autograder.nbgrader_ext.preprocessors.RecordGradingNotes` records
  what went wrong with a submission (damaged file, missing cells) in the
  gradebook, so it is never mistaken for an honest zero;
- :class:`~autograder.nbgrader_ext.export.DetailedCsvExport` exports points
  per exercise and quiz item, with those notes.
"""
