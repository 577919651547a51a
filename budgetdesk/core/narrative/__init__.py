"""The 情况说明: its text as a model, the claims its sentences make, checks of those claims, generation.

Pure Python: the GUI, the CLI and the file readers all go through this package.
"""
