"""marshmallow schemas at the boundary, a module for each group of commands, so that a command
loads only its own: what each command accepts and what each document holds.

Input schemas take the raw strings of the command line and give typed values, or a
``ValidationError`` whose keys are the command's option names. Output schemas turn the
register's answers into JSON-ready documents. The fields they share are in ``fields``.
"""
