"""The staff roles' names: every app may check whether a user holds one (a moderator, say).

What each role may do names every app's models, so it is granted from the top of the layers:
memorial/site/roles.py, after every `migrate`.
"""

ARCHIVIST = "Archivist"
MODERATOR = "Moderator"
VIEWER = "Viewer"
EDITOR = "Editor"
