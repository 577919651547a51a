from budgetdesk.cli import main

raise SystemExit(main())
