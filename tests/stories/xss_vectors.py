"""A corpus of XSS payloads: script tags, event handlers, javascript: and data: URLs, broken
markup, encodings and mutation tricks. Each would call alert() if it ever ran.

Beside the corpus, the check every XSS test shares: ``executable_parts`` lists what in a rendered
page could run a payload, and ``assert_inert`` adds that the payloads are on the page as text
(so a test cannot pass only because the field is not shown at all)."""

from lxml import html as lxml_html

VECTORS: list[str] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<script src=data:text/javascript,alert(1)></script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=javascript:alert(1)>",
    "<img src=`javascript:alert(1)`>",
    "<img dynsrc=javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)>",
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">nhấn vào đây</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<table background=javascript:alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "{{ 7*7 }}<script>alert(1)</script>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<x onclick=alert(1)>nhấn</x>",
    '<img src="x:x" onerror="eval(atob(\'YWxlcnQoMSk=\'))">',
]

assert len(VECTORS) >= 50


NEVER_IN_TEMPLATES = {
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "style",
    "video",
    "audio",
    "source",
    "details",
    "marquee",
    "isindex",
    "keygen",
    "template",
    "noscript",
    "frame",
    "applet",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "dynsrc", "srcdoc"}


def executable_parts(page: str, within: str = "", allowed: frozenset[str] = frozenset()) -> list[str]:
    """Elements and attributes of a rendered page through which a payload could run: any script,
    any event handler or style attribute, any script-bearing URL, and any active element (image,
    frame, form control…) carrying a payload. ``allowed`` names the elements of the list above
    that the page's own template uses (the back office's ``<details>``)."""
    tree = lxml_html.document_fromstring(page)
    if within:
        tree = tree.find(f".//{within}")
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            found.append("<script>")
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on") or lowered == "style":
                found.append(f"{tag}[{name}]")
            if lowered in URL_ATTRIBUTES:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"{tag}[{name}={value[:30]}]")
        # Elements the templates never use: if one is there, a payload put it there.
        if tag in NEVER_IN_TEMPLATES and tag not in allowed:
            found.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv"):
            found.append("<meta http-equiv>")
        if (
            tag == "link"
            and not element.get("href", "").startswith(("/static/", "https://guongsang.example.vn"))
            and element.get("rel") != "alternate"
        ):
            found.append(f"<link href={element.get('href')}>")
    return found


def page_text(page: str) -> str:
    """What a reader of the page sees as text (entities decoded), the title, text areas and the
    values of input fields too."""
    tree = lxml_html.document_fromstring(page)
    values = [field.get("value", "") for field in tree.iter("input")]
    return "\n".join([tree.text_content(), *values])


# The back office folds its secondary forms into <details>; a payload's own <details> would need
# a handler to run (caught anyway) and would not be on the page as text (``shown``).
BACK_OFFICE_ELEMENTS = frozenset({"details"})


def assert_inert(page: str, shown=(), *, within: str = "main", allowed=BACK_OFFICE_ELEMENTS) -> None:
    """Nothing executable in the page (inside ``within``), and each string of ``shown`` on it as
    plain text: the field is displayed, escaped, not interpreted. A multi-line value is looked
    for line by line (templates turn its line breaks into markup)."""
    found = executable_parts(page, within=within, allowed=allowed)
    assert found == [], f"executable: {found}"
    text = page_text(page)
    lines = [line.strip() for value in shown for line in value.splitlines()]
    missing = [line for line in lines if line and line not in text]
    assert missing == [], f"not shown as text: {missing[:3]}"


def packed(limit: int, vectors: list[str] = VECTORS) -> list[str]:
    """The whole corpus (or ``vectors``) in as few strings as fit a field of ``limit`` characters,
    each vector whole and separated by a space: how one-line fields take all of it at once."""
    chunks: list[str] = []
    for vector in vectors:
        if chunks and len(chunks[-1]) + 1 + len(vector) <= limit:
            chunks[-1] += " " + vector
        else:
            chunks.append(vector)
    return chunks


# Links a citizen or an editor might paste that must never become an href: refused on input.
BAD_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "jav\tascript:alert(1)",
    "javascript://bao.example.vn/%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
