"""The tools probes use beside the student's code: the watcher of calls, the kinds of
value a function may return, observing helpers, and the plain-data codec they report in."""
