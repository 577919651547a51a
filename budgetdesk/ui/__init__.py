from budgetdesk.ui.qt_workarounds import protect_bool_singletons

protect_bool_singletons()  # before any window exists: see qt_workarounds
