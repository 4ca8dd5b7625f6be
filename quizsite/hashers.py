"""How passwords are stored: Argon2id at OWASP's recommended minimum.

On exam day a whole class logs in within a minute. Django's default, PBKDF2 with
1,200,000 iterations, costs about a quarter of a CPU second per login, so thirty
students queue for seconds on a small school server; Django's own Argon2 default
(100 MiB, 8 lanes) costs more still. Argon2id with 19 MiB, 2 passes and 1 lane
(OWASP's Password Storage Cheat Sheet) is memory-hard, so it resists GPU guessing
better than PBKDF2, and costs about a tenth of its CPU time. Passwords stored the
old way keep working and are re-hashed this way at their next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
