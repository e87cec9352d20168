// PLACEHOLDER: the rasterizer helper replaces this file with the real rasterizer.
#include "gpu/rasterizer.h"

namespace gpu {
uint64_t Rasterizer::drawTriangle(const TriangleCmd&) {
    return 0;
}
uint64_t Rasterizer::drawLine(const LineCmd&) {
    return 0;
}
uint64_t Rasterizer::drawRectangle(const RectangleCmd&) {
    return 0;
}
uint64_t Rasterizer::fill(const FillCmd&) {
    return 0;
}
uint64_t Rasterizer::copy(const CopyCmd&) {
    return 0;
}
uint64_t Rasterizer::upload(const UploadCmd&, const uint16_t*) {
    return 0;
}
uint64_t Rasterizer::execute(const Command& c, const uint16_t* pool) {
    switch (c.kind) {
    case CommandKind::Triangle: return drawTriangle(c.triangle);
    case CommandKind::Line: return drawLine(c.line);
    case CommandKind::Rectangle: return drawRectangle(c.rectangle);
    case CommandKind::Fill: return fill(c.fill);
    case CommandKind::Copy: return copy(c.copy);
    case CommandKind::Upload: return upload(c.upload, pool + c.upload.dataOffset);
    }
    return 0;
}
} // namespace gpu
