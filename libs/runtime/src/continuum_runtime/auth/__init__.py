"""Bearer-token authentication shared by every service."""

from continuum_runtime.auth.principal import ROLES, Principal, Role
from continuum_runtime.auth.verifier import AuthError, TokenVerifier

__all__ = ["ROLES", "AuthError", "Principal", "Role", "TokenVerifier"]
