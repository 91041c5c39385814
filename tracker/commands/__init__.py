"""One module per `tracker` subcommand: `HELP`, `DESCRIPTION`, `configure(parser)`, `run(args)`.

Modules here import only the standard library at module level, so `tracker --help` stays
fast; the work is imported inside `run`.
"""
