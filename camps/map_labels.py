"""Where the map's labels go: each one beside its point where it covers no other label or
point placed before it, or left out. Camps and burial sites are placed first, so that the
reference cities and region names give way to them."""

from dataclasses import dataclass

# Average advance of a character as a share of the font size: system sans-serif fonts run
# at about half an em, bold ones a little wider. Estimates only; a margin absorbs the rest.
CHARACTER_WIDTH = {"bold": 0.62, "plain": 0.56}


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other):
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


@dataclass(frozen=True)
class Placement:
    x: float  # where the text starts (or ends, or is centred: see anchor)
    y: float  # the baseline
    anchor: str  # "start", "end" or "middle", as SVG's text-anchor


def text_width(text, size, weight="plain"):
    return len(text) * size * CHARACTER_WIDTH[weight]


class LabelPlacer:
    """Keeps the boxes taken so far inside a drawing of the given size."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.taken = []

    def take(self, box):
        self.taken.append(box)

    def free(self, box):
        inside = box.left >= 0 and box.top >= 0 and box.right <= self.width
        return inside and box.bottom <= self.height and not any(map(box.overlaps, self.taken))

    def beside(self, x, y, text, *, size, gap, weight="plain"):
        """A label right of the point, else left, above or below it, else None."""
        width = text_width(text, size, weight)
        for placement in (
            Placement(x + gap, y + size * 0.3, "start"),
            Placement(x - gap, y + size * 0.3, "end"),
            Placement(x, y - gap - size * 0.1, "middle"),
            Placement(x, y + gap + size * 0.8, "middle"),
        ):
            left = {"start": placement.x, "end": placement.x - width}.get(
                placement.anchor, placement.x - width / 2
            )
            box = Box(left, placement.y - size * 0.75, left + width, placement.y + size * 0.3)
            if self.free(box):
                self.take(box)
                return Placement(round(placement.x, 1), round(placement.y, 1), placement.anchor)
        return None

    def centred(self, x, y, text, *, size):
        """A label centred on the point, or nudged up or down a line, else None."""
        half = text_width(text, size) / 2
        for shift in (0, -size * 1.2, size * 1.2):
            box = Box(x - half, y + shift - size * 0.75, x + half, y + shift + size * 0.3)
            if self.free(box):
                self.take(box)
                return Placement(x, round(y + shift + size * 0.3, 1), "middle")
        return None
