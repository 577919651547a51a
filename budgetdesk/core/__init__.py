"""Pure-Python core: templates, document, rules, findings. No GUI or file-format imports."""
