"""Plug the isolated grading engine into the real nbgrader (0.9).

``nbgrader_config.py`` (written by ``ch2-grade build-course``) wires these in:

- :mod:`~autograder.nbgrader_ext.course_file`: the course file the course was
  built from (recorded in the config), and its agreement with the gradebook;
- :func:`~autograder.nbgrader_ext.renamed.renamed_notebook_hook` recognises a
  section notebook saved under another name, so it is graded and flagged;
- :class:`~autograder.nbgrader_ext.reader.RepairingNotebookExporter` reads
  submitted notebooks that nbformat refuses, and puts back deleted test cells;
- :class:`~autograder.nbgrader_ext.tampering.FlagEditedCells` restores locked
  cells, silent for cells as released and flagging the ones a student edited;
- :class:`~autograder.nbgrader_ext.preprocessors.GradeWithEngine` takes the
  place of nbgrader's ``Execute``: it grades the notebook's code with the hidden
  graders in isolated processes (ahead, for the whole run, with the batch pool of
  :mod:`~autograder.nbgrader_ext.prefetch`) and writes each test cell's verdict as
  its output, which ``SaveAutoGrades`` turns into points;
- :class:`~autograder.nbgrader_ext.preprocessors.RecordGradingNotes` records
  what went wrong with a submission (damaged file, missing cells) in the
  gradebook, so it is never mistaken for an honest zero, and
  :class:`~autograder.nbgrader_ext.preprocessors.HideGradingNotes` keeps those
  records out of the feedback students fetch;
- :class:`~autograder.nbgrader_ext.export.DetailedCsvExport` exports points
  per exercise and quiz item, with those notes.
"""
