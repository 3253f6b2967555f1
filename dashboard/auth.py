"""Who may see the dashboard: whoever presents TRAINER_TOKEN, or a portal
JWT (HS256, PORTAL_JWT_SECRET) whose `role` claim is `trainer`. A rep's
portal JWT is refused like a wrong token: no trainer data for reps."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Optional

import jwt

COOKIE = "coach_trainer"


@dataclass(frozen=True)
class Keys:
    trainer_token: str = ""
    jwt_secret: str = ""

    def allows(self, token: Optional[str]) -> bool:
        token = (token or "").strip()
        if not token:
            return False
        if self.trainer_token and hmac.compare_digest(token.encode(), self.trainer_token.encode()):
            return True
        if not self.jwt_secret:
            return False
        try:
            claims = jwt.decode(token, self.jwt_secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
        except jwt.InvalidTokenError:
            return False
        return claims.get("role") == "trainer"


def presented(authorization: Optional[str], cookie: Optional[str]) -> Optional[str]:
    """The token a request carries: `Authorization: Bearer …`, else the sign-in cookie."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return cookie
