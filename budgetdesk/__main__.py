from budgetdesk.cli import program

raise SystemExit(program())
