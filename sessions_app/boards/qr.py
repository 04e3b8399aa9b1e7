"""The projector's QR code of the join link, made on the server as inline SVG (segno)."""

import segno


def qr_svg(url: str, *, label: str) -> str:
    """An SVG that scales with its box (a viewBox, no fixed size), dark on white."""
    svg = segno.make(url, error="m").svg_inline(
        dark="#0b1320", light="#ffffff", border=2, omitsize=True, svgclass="board-qr"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
