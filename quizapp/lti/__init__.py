"""LTI 1.3 (Advantage): quizapp as a tool an LMS launches, and its grades sent back to the LMS.

platforms.py (the registry and the platforms' keys), keys.py (the tool's own keys), launch.py (OIDC
login and checking the signed launch), provisioning.py (courses, users and links to classes,
students, teachers and assignments), grades.py (Assignment and Grade Services and the queue of
scores to send), roster.py (the class list: Names and Role Provisioning Services), deep_linking.py,
http.py (requests to the LMS), commands.py (``quizapp lti``) and views.py (the ``lti`` blueprint).
"""
