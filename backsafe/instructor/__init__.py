"""Tools for instructors: the workshop guide, the answer key and the class report."""
