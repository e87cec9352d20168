#include "viewport.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>

namespace app {

glm::ivec2 integerFactors(glm::ivec2 window, glm::ivec2 frame) {
    frame = glm::max(frame, glm::ivec2(1));
    const int ky = std::max(1, window.y / frame.y);
    // Width a 4:3 picture of this height would have, in units of the frame's pixel width.
    const double want = ky * frame.y * (4.0 / 3.0) / frame.x;
    int kx = std::max(1, static_cast<int>(std::lround(want)));
    while (kx > 1 && kx * frame.x > window.x)
        --kx;
    // When the window's width limited kx, lower ky too so the picture stays near 4:3.
    int kyFit = ky;
    const double maxHeight = kx * frame.x * 0.75 + frame.y * 0.5;
    while (kyFit > 1 && kyFit * frame.y > maxHeight)
        --kyFit;
    return {kx, kyFit};
}

ViewRect computeViewport(glm::ivec2 window, glm::ivec2 frame, AspectMode mode) {
    window = glm::max(window, glm::ivec2(0));
    ViewRect r;
    switch (mode) {
    case AspectMode::Stretch: r.size = window; break;
    case AspectMode::Ratio4x3: {
        const glm::dvec2 w(window);
        const double scale = std::min(w.x / 4.0, w.y / 3.0);
        r.size = glm::ivec2(glm::round(glm::dvec2(4.0, 3.0) * scale));
        r.size = glm::min(r.size, window);
        break;
    }
    case AspectMode::Integer:
        r.size = integerFactors(window, frame) * glm::max(frame, glm::ivec2(1));
        break;
    }
    r.origin = (window - r.size) / 2;
    return r;
}

glm::ivec2 windowToPicture(glm::dvec2 pos, glm::ivec2 window, glm::ivec2 frame, AspectMode mode) {
    const glm::ivec2 off(-1, -1);
    if (frame.x <= 0 || frame.y <= 0) return off;
    // The pixel's own coordinates (floor), then its centre.
    const glm::dvec2 pixel = glm::floor(pos);
    if (pixel.x < 0 || pixel.y < 0 || pixel.x >= window.x || pixel.y >= window.y) return off;
    const ViewRect r = computeViewport(window, frame, mode);
    if (r.size.x <= 0 || r.size.y <= 0) return off;
    const glm::dvec2 inRect = (pixel + 0.5 - glm::dvec2(r.origin)) / glm::dvec2(r.size);
    if (inRect.x < 0 || inRect.y < 0 || inRect.x >= 1 || inRect.y >= 1) return off;
    return glm::min(glm::ivec2(glm::floor(inRect * glm::dvec2(frame))), frame - 1);
}

const char* aspectName(AspectMode mode) {
    switch (mode) {
    case AspectMode::Ratio4x3: return "4:3";
    case AspectMode::Stretch: return "Stretched";
    case AspectMode::Integer: return "Integer";
    }
    return "?";
}

const char* filterName(ScaleFilter filter) {
    switch (filter) {
    case ScaleFilter::Nearest: return "Nearest";
    case ScaleFilter::Bilinear: return "Bilinear";
    case ScaleFilter::SharpBilinear: return "Sharp bilinear";
    }
    return "?";
}

} // namespace app
