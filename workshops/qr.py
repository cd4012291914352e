"""The join QR code, drawn as inline SVG so it is crisp on any projector and needs no image file."""

import segno


def join_qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(
        border=2, omitsize=True, title=f"QR code for {url}", svgclass="qr-code"
    )
