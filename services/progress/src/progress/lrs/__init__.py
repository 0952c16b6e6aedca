"""The xAPI 1.0.3 Learning Record Store: statements, documents, credentials, submissions.

It knows nothing of the learning side: what it stores goes out on `xapi.statements.v1`.
"""
