"""LTI 1.3 (Advantage): quizapp as a tool an LMS launches, and its grades sent back to the LMS.

platforms.py (the registry and the platforms' keys), keys.py (the tool's own keys), launch.py (OIDC
login and checking the signed launch), provisioning.py (courses, users and links to classes,
students, teachers and assignments), grades.py (Assignment and Grade Services and the queue of
scores to send), deep_linking.py, and views.py (the ``lti`` blueprint).
"""
