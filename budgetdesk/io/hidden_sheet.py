"""The hidden sheet of an exported workbook, where budgetdesk keeps what the printed tables cannot show.

Its name is shared by the workbook reader and the writers, so neither imports the other for it.
"""

META_SHEET = "budgetdesk"
