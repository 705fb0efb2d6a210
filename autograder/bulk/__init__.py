"""Bulk grading for instructors: `autograder grade` and `autograder merge`."""
