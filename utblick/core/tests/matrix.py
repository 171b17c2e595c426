from utblick.core.testing import PUBLIC, UrlCase, expect

CASES = [
    # The start page sends members of one organisation on to it (302) and lists several otherwise.
    UrlCase("core:home", expect(200, 302, 302, 302, 302, "login")),
    UrlCase("core:health", PUBLIC),
    UrlCase("core:favicon", PUBLIC),
    UrlCase("core:accessibility", PUBLIC),
    UrlCase("core:privacy", PUBLIC),
]
