"""Tell a really edited locked cell from an honest one when autograde restores them.

nbgrader's ``OverwriteCells`` compares each locked cell of a submission with the
gradebook's copy of the *source* notebook. A test cell with a hidden part is
released without it (``ClearHiddenTests``), so every honest submission differs
from the source there, and nbgrader logs "Attribute 'checksum' ... has changed!"
for each such cell of each student: hundreds of alarms that hide a real one.

:class:`FlagEditedCells` takes its place in ``Autograde.sanitize_preprocessors``.
A locked cell whose text is the released text (hidden part removed as
``ClearHiddenTests`` removes it; trailing spaces and blank lines aside) is
restored silently. A cell edited beyond that is restored too, with one warning
naming the student, the notebook and the cell, and a note in the notebook's
``ch2_grade.repairs``, which flags the submission for review in the gradebook.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells
from traitlets import Unicode

from autograder.ipynb import nbgrader_meta
from autograder.nbgrader_ext.reader import add_repairs, released_notebook
from autograder.safe_io import printable


def comparable(text: str) -> str:
    """``text`` without what an editor changes on its own: line endings, trailing spaces,
    blank lines at either end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def edited_message(student: str, grade_id: str, notebook: str) -> str:
    """The warning autograde logs for a locked cell a student edited."""
    return (
        f"student {printable(student)} edited the locked cell {grade_id} in {notebook}.ipynb; "
        "the released version was graded"
    )


def edited_note(grade_id: str) -> str:
    """The note the notebook's grades keep for it (the gradebook knows the notebook)."""
    return f"the locked cell {grade_id} was edited; the released version was graded"


def source_copy_note(grade_ids: list[str]) -> str:
    """The note for test cells submitted with their hidden tests (the source notebook's)."""
    return (
        "the submitted notebook holds hidden tests (" + ", ".join(grade_ids) + "): it is a copy "
        "of the instructor's source notebook, not the released one; check how the student got it"
    )


# The roles of a cell: changed by a student, nbgrader's checksum check fails the whole
# submission ("Inconsistent checksums"), so they are put back first.
ROLE_FLAGS = ("grade", "solution", "task")


class FlagEditedCells(OverwriteCells):
    """``OverwriteCells`` that stays quiet about honest cells and names the student otherwise."""

    course_file = Unicode("", help="the course file (default: the packaged course)").tag(
        config=True
    )

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        """Restore locked cells as nbgrader does; note the ones a student really edited."""
        self._student = str(resources["nbgrader"]["student"])
        self._edited: list[str] = []
        self._source_copies: list[str] = []
        self._submitted = ""
        released = released_notebook(str(resources["nbgrader"]["notebook"]), "", self.course_file)
        self._roles = {
            str(nbgrader_meta(c).get("grade_id")): {f: nbgrader_meta(c).get(f) for f in ROLE_FLAGS}
            for c in (released or {}).get("cells", [])
            if nbgrader_meta(c).get("grade_id")
        }
        nb, resources = super().preprocess(nb, resources)
        notes = [edited_note(grade_id) for grade_id in self._edited]
        if self._source_copies:
            notes.append(source_copy_note(self._source_copies))
        if notes:
            add_repairs(nb, notes)
        return nb, resources

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        """nbgrader's check, knowing the text the student submitted."""
        source = cell.get("source", "")
        self._submitted = "".join(source) if isinstance(source, list) else str(source)
        meta = nbgrader_meta(cell)
        roles = self._roles.get(str(meta.get("grade_id", "")))
        if roles is not None and any(bool(meta.get(f)) != bool(roles[f]) for f in ROLE_FLAGS):
            for flag in ROLE_FLAGS:
                if roles[flag] is None:
                    cell.metadata.nbgrader.pop(flag, None)
                else:
                    cell.metadata.nbgrader[flag] = roles[flag]
            self.report_change(str(meta.get("grade_id")), "role", "as released", "changed")
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name: str, attr: str, old: Any, new: Any) -> None:
        """Called by nbgrader before it restores an attribute of cell ``name``."""
        if attr != "checksum":
            self.log.warning(
                "Attribute '%s' for cell %s has changed! (should be: %s, got: %s) "
                "(student %s, %s.ipynb)",
                attr,
                name,
                old,
                new,
                printable(self._student),
                self.notebook_id,
            )
            if name not in self._edited:  # points, lock or type changed: a review, too
                self._edited.append(name)
            return
        source = self.gradebook.find_source_cell(name, self.notebook_id, self.assignment_id)
        submitted = comparable(self._submitted)
        released = comparable(self.released_source(source.source, source.cell_type))
        if submitted == released:
            return  # as released: nbgrader puts the hidden part back, nothing to say
        if submitted == comparable(source.source):
            # The hidden tests themselves: the student had the instructor's source notebook
            # (a link collected from the exchange, a copied file). Never a quiet pass.
            self.log.warning(
                "student %s submitted the hidden tests of %s in %s.ipynb: a copy of the "
                "instructor's source notebook?",
                printable(self._student),
                name,
                self.notebook_id,
            )
            if name not in self._source_copies:
                self._source_copies.append(name)
            return
        self.log.warning("%s", edited_message(self._student, name, self.notebook_id))
        if name not in self._edited:
            self._edited.append(name)

    def released_source(self, source: str, cell_type: str) -> str:
        """What students got of a source cell: its hidden tests removed, as at release."""
        cell = NotebookNode(
            {"cell_type": cell_type, "source": source, "metadata": NotebookNode({})}
        )
        try:
            ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        except RuntimeError:  # unbalanced markers: released as written
            return source
        return cell.source
