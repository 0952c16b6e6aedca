"""SVG baking: an `openbadges` element right after the `<svg>` start tag, read back by namespace.

The document is parsed (expat, entity declarations refused) to find the root start tag and
check that nothing is baked yet; the element is then spliced into the original text, so the
drawing is left exactly as it was. A hosted OB 2.0 assertion goes in as CDATA with its URL in
`verify`; a signed one (JWS) only in `verify`, as the baking specification says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from recognition.badges.baking.content import Baked, BakingError, Standard, check_size, content_kind

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
NAMESPACES: dict[Standard, str] = {
    "ob2": "http://openbadges.org",
    "ob3": "https://purl.imsglobal.org/ob/v3p0",
}
ELEMENTS: dict[Standard, str] = {"ob2": "assertion", "ob3": "credential"}


def bake_svg(
    image: bytes, content: str, standard: Standard = "ob2", *, verify: str | None = None
) -> bytes:
    """The SVG with `content` baked in.

    `content` is a compact JWS (baked into `verify`) or a JSON document (baked as CDATA, with
    `verify` naming its hosted URL for OB 2.0). An SVG that already holds badge data is refused:
    bake the badge's own image.
    """
    check_size(image)
    kind = content_kind(content)
    root = _root_start_tag(image)
    namespace = NAMESPACES[standard]
    declared = root.attributes.get("xmlns:openbadges")
    if declared is not None and declared != namespace:
        raise BakingError(f"the SVG binds the 'openbadges' prefix to {declared!r}")
    element = f"openbadges:{ELEMENTS[standard]}"
    if kind == "jws":
        baked = f"<{element} verify={quoteattr(content)}/>"
    elif kind == "json":
        if standard == "ob2" and not verify:
            raise BakingError("a hosted OB 2.0 assertion needs its URL in 'verify'")
        attribute = f" verify={quoteattr(verify)}" if verify else ""
        cdata = content.replace("]]>", "]]]]><![CDATA[>")  # CDATA cannot hold its terminator
        baked = f"<{element}{attribute}><![CDATA[{cdata}]]></{element}>"
    else:
        raise BakingError("bake a JWS or a JSON document, not a URL")
    text = image.decode("utf-8")
    before, tag, after = text[: root.start], text[root.start : root.end], text[root.end :]
    self_closing = tag.endswith("/>")
    head = tag[:-2] if self_closing else tag[:-1]
    if declared is None:
        head += f' xmlns:openbadges="{namespace}"'
    closing = f"</{root.name}>" if self_closing else ""
    return f"{before}{head}>{baked}{closing}{after}".encode()


def unbake_svg(image: bytes) -> Baked:
    """The first `openbadges` assertion (2.0) or credential (3.0) element's content."""
    check_size(image)
    finder = _BadgeFinder()
    parser = _parser(namespaces=True)
    parser.StartElementHandler = finder.start
    parser.EndElementHandler = finder.end
    parser.CharacterDataHandler = finder.text
    try:
        parser.Parse(image, True)
    except _Found:
        pass
    except expat.ExpatError as error:
        raise BakingError(f"not a well-formed SVG document: {error}") from error
    if finder.found is None:
        if not finder.is_svg:
            raise BakingError("not an SVG document: the root element is not <svg>")
        raise BakingError("the SVG image holds no Open Badges data")
    standard, verify = finder.found
    body = "".join(finder.body).strip()
    # A signed badge is the `verify` value; a hosted one carries the assertion as its body.
    content = body or (verify or "")
    if not content:
        raise BakingError("the openbadges element is empty")
    return Baked(standard, content)


class _Found(Exception):
    """Stops parsing once the badge element is read: the rest of the image is irrelevant."""


@dataclass
class _BadgeFinder:
    is_svg: bool = False
    depth: int = 0
    found: tuple[Standard, str | None] | None = None
    body: list[str] = field(default_factory=list)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.is_svg = name == f"{SVG_NAMESPACE} svg"
            if not self.is_svg:
                raise _Found
        for standard, namespace in NAMESPACES.items():
            if name == f"{namespace} {ELEMENTS[standard]}" and self.found is None:
                self.found = (standard, attributes.get("verify"))

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.found is not None and any(
            name == f"{NAMESPACES[s]} {ELEMENTS[s]}" for s in NAMESPACES
        ):
            raise _Found

    def text(self, data: str) -> None:
        if self.found is not None:
            self.body.append(data)


@dataclass(frozen=True)
class _RootTag:
    name: str
    attributes: dict[str, str]
    start: int  # character offsets of the root start tag in the decoded text
    end: int


def _root_start_tag(image: bytes) -> _RootTag:
    try:
        text = image.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BakingError("only UTF-8 SVG documents can be baked") from error
    seen: list[tuple[str, dict[str, str], int]] = []
    baked: list[str] = []
    parser = _parser(namespaces=False)

    def start(name: str, attributes: dict[str, str]) -> None:
        if not seen:
            seen.append((name, attributes, parser.CurrentByteIndex))
        if name.split(":")[-1] in ELEMENTS.values() and name.startswith("openbadges:"):
            baked.append(name)

    def declaration(version: str, encoding: str | None, standalone: int) -> None:
        if encoding and encoding.lower().replace("_", "-") not in {
            "utf-8",
            "utf8",
            "us-ascii",
            "ascii",
        }:
            raise BakingError(f"only UTF-8 SVG documents can be baked, not {encoding}")

    parser.StartElementHandler = start
    parser.XmlDeclHandler = declaration
    try:
        parser.Parse(image, True)
    except expat.ExpatError as error:
        raise BakingError(f"not a well-formed SVG document: {error}") from error
    name, attributes, byte_start = seen[0]
    local = name.split(":")[-1]
    prefix = name[: -len(local) - 1] if ":" in name else ""
    namespace = attributes.get(f"xmlns:{prefix}" if prefix else "xmlns")
    if local != "svg" or namespace != SVG_NAMESPACE:
        raise BakingError("not an SVG document: the root element is not <svg>")
    if baked:
        raise BakingError("the SVG image already holds Open Badges data")
    start_char = len(image[:byte_start].decode("utf-8"))
    return _RootTag(name, attributes, start_char, _tag_end(text, start_char))


def _tag_end(text: str, start: int) -> int:
    """Offset just past the '>' closing the tag at `start` ('>' may appear in quoted values)."""
    quote: str | None = None
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index + 1
    raise BakingError("the <svg> start tag is not closed")


def _parser(*, namespaces: bool) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" " if namespaces else None)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_entities(*_: object) -> None:
        raise BakingError("SVG documents declaring entities are refused")

    parser.EntityDeclHandler = refuse_entities
    parser.ExternalEntityRefHandler = refuse_entities  # type: ignore[assignment]
    return parser
