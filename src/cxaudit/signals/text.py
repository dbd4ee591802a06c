"""One tokenisation per message, shared by the sentiment and formality recognizers.

`tokens(text)` returns the token list of TOKEN_RE; the last result is cached by identity of
the text object, so recognizers run on the same message tokenise it once.
"""

from __future__ import annotations

import re

# URLs and @handles/#tags, words with inner apostrophes, emoji, emoticons, sentence punctuation.
TOKEN_RE = re.compile(
    r"https?://\S+|www\.\S+|[@#]\w+|[A-Za-z0-9]+(?:['’][A-Za-z]+)*|"
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF]|>:\(|[:;=]['-]?[()DdPp/]|<3|[!?.]"
)

_last: list = [None, None]


def tokens(text: str) -> list[str]:
    if _last[0] is text:
        return _last[1]
    toks = TOKEN_RE.findall(text)
    _last[0] = text
    _last[1] = toks
    return toks
