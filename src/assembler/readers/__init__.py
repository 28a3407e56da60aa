"""Readers: Word files coming back in, as the tree's vocabulary. One reader, two users:
``reconcile`` (the other side's marked-up draft) and the precedent importer.

    from assembler.readers import read_docx, comparable
    doc = read_docx("their-draft.docx")          # a path, or the file's bytes (name= for messages)

A hostile file is refused with ``DraftError`` (an ``AssemblerError``: the CLI prints one line and
exits 2) before anything is read from it: see ``readers.safety`` (zip bombs, entities, macros,
embedded objects, encrypted or oversized files, not a DOCX). ``Limits`` sets the bounds.

``ReadDocument``
    ``.paragraphs``   the file's paragraphs in order (``ReadParagraph``), table cells included
    ``.sent``         the document as sent (every revision rejected): ``ViewParagraph`` list
    ``.proposed``     the document as proposed (every revision accepted): ``ViewParagraph`` list
    ``.changes``      every revision (``Change``), in document order
    ``.comments``     comment id → ``Comment`` (author, date, initials, text)
    ``.bookmarks``    bookmark name → index of the paragraph it starts in
    ``.properties``   {"core": {title, creator, created, …}, "custom": {name: value}}
    ``.authors``      the revisions' authors; ``.tracked`` whether it has any text revision
    ``.text(view)``   a view's paragraphs joined by newlines
    ``.parts``        the package's members as read (name → bytes); ``.sha256`` of the file

``ReadParagraph`` (one paragraph of the file)
    ``sent_text``, ``proposed_text``  its text with revisions rejected / accepted (tabs "\\t",
                      line breaks "\\n", curly quotes and no-break spaces kept as Word wrote them)
    ``number``, ``level``, ``numbering``  the label as it shows ("2.", "(c)"), its level (0 outermost)
                      and where it comes from: "list" (numPr counted over numbering.xml), "typed"
                      (typed at the start of the text) or None; ``sent_number``, ``sent_level``
    ``style``         the paragraph style's name; ``bookmarks`` names starting in it
    ``fields``        ``Field``: instruction, kind ("REF"), target bookmark, cached sent/proposed text
    ``changes``       its ``Change`` list: kind insert, delete, move-from, move-to, paragraph-insert,
                      paragraph-delete (the mark), format; author, date, text, comments
    ``mark``          "insert"/"delete" when its paragraph mark is a revision (it joins the next
                      paragraph in the view where the mark is absent)
    ``segments``      its text as stretches (``Segment``: text, kind, change) for drawing a redline
    ``comments``      comments whose range touches it

``ViewParagraph`` (one paragraph of a view): ``text``, ``comparable``, ``number``, ``level``,
``numbering``, ``style``, ``bookmarks``, ``sources`` (indexes of the file's paragraphs in it).

``comparable(text)`` gives text as compared: straight quotes, plain spaces, tabs and breaks as one
space, soft hyphens gone.
"""
from .docx import read_docx
from .model import (Change, Comment, Field, ReadDocument, ReadParagraph, Segment, ViewParagraph,
                    comparable)
from .safety import DraftError, Limits

__all__ = ["read_docx", "comparable", "DraftError", "Limits", "ReadDocument", "ReadParagraph",
           "ViewParagraph", "Change", "Comment", "Field", "Segment"]
