"""Spreadsheets, CSV folders and DataFrames in and out, with row-precise errors.

Readers (:func:`read_excel`, :func:`read_csv`, :func:`from_frames`) share one column layout
(``docs/io.md``) and report every bad cell at once as one :class:`~placement.errors.ProblemError`
whose issues name sheet, row and column (:class:`CellIssue`). Writers (:func:`write_excel`,
:func:`write_csv`, :func:`problem_frames`, :func:`result_frame`, :func:`metrics_frame`) write
what the readers read back to an equal problem.
"""

from placement.io.csv_folder import read_csv, write_csv
from placement.io.excel import read_excel, read_scenario_sheet, write_excel, write_sheets
from placement.io.frames import from_frames, metrics_frame, problem_frames, result_frame
from placement.io.places import MunicipalityNames, outside_finland
from placement.io.table import CellIssue
from placement.io.template import write_template

__all__ = [
    "CellIssue",
    "MunicipalityNames",
    "from_frames",
    "metrics_frame",
    "outside_finland",
    "problem_frames",
    "read_csv",
    "read_excel",
    "read_scenario_sheet",
    "result_frame",
    "write_csv",
    "write_excel",
    "write_sheets",
    "write_template",
]
