"""Editions compared: the changes from one edition to the next (`changes`), their report in Markdown
and HTML (`report`), and each outcome followed through every extracted edition (`history`)."""
