// skipjack-shotcheck: checks a picture of the presented window (skipjack
// --screenshot-window) against what the presenter was given: the emulated frame
// (--screenshot) or the generated test pattern. Every pixel of the display rectangle is
// compared with a CPU model of the chosen scaling filter; the borders must be black; with
// --overlay the timing panel must be there (and is left out of the comparison).
#include <QColor>
#include <QImage>
#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../test_pattern.h"
#include "../viewport.h"

namespace {

struct Source {
    int w = 0, h = 0;
    std::vector<uint8_t> rgba;
    double at(int x, int y, int c) const {
        x = std::clamp(x, 0, w - 1);
        y = std::clamp(y, 0, h - 1);
        return rgba[(size_t(y) * w + x) * 4 + c];
    }
    // Bilinear tap with clamp-to-edge, as the presenter's sampler does.
    double bilinear(double u, double v, int c) const {
        const double x = u * w - 0.5, y = v * h - 0.5;
        const double x0 = std::floor(x), y0 = std::floor(y);
        const double fx = x - x0, fy = y - y0;
        const int ix = int(x0), iy = int(y0);
        const double top = at(ix, iy, c) * (1 - fx) + at(ix + 1, iy, c) * fx;
        const double bot = at(ix, iy + 1, c) * (1 - fx) + at(ix + 1, iy + 1, c) * fx;
        return top * (1 - fy) + bot * fy;
    }
};

// Two pictures of the same frame must match exactly.
int sameImages(const QString& a, const QString& b) {
    const QImage ia = QImage(a).convertToFormat(QImage::Format_RGB888);
    const QImage ib = QImage(b).convertToFormat(QImage::Format_RGB888);
    if (ia.isNull() || ib.isNull()) {
        std::fprintf(stderr, "shotcheck: cannot read %s or %s\n", qPrintable(a), qPrintable(b));
        return 1;
    }
    if (ia.size() != ib.size()) {
        std::fprintf(stderr, "shotcheck: %s is %dx%d, %s is %dx%d\n", qPrintable(a), ia.width(),
                     ia.height(), qPrintable(b), ib.width(), ib.height());
        return 1;
    }
    long diff = 0;
    for (int y = 0; y < ia.height(); ++y)
        if (std::memcmp(ia.constScanLine(y), ib.constScanLine(y), size_t(ia.width()) * 3) != 0)
            ++diff;
    std::printf("shotcheck: %s vs %s (%dx%d): %ld lines differ\n", qPrintable(a), qPrintable(b),
                ia.width(), ia.height(), diff);
    return diff == 0 ? 0 : 1;
}

int blackImage(const QString& file) {
    const QImage img = QImage(file).convertToFormat(QImage::Format_RGB888);
    if (img.isNull()) return 1;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width() * 3; ++x)
            if (img.constScanLine(y)[x] != 0) {
                std::fprintf(stderr, "shotcheck: %s is not black\n", qPrintable(file));
                return 1;
            }
    return 0;
}

int usage() {
    std::fprintf(stderr, "usage: skipjack-shotcheck frame WINDOW.png RAW.png|none [options]\n"
                         "       skipjack-shotcheck same A.png B.png\n"
                         "       skipjack-shotcheck black A.png\n"
                         "       skipjack-shotcheck probe A.png X Y R G B\n"
                         "       skipjack-shotcheck pattern WINDOW.png [options]\n"
                         "options: --filter nearest|bilinear|sharp --aspect 4:3|stretch|integer"
                         " --overlay\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    const QString mode = argv[1];
    if (mode == "same" && argc == 4) return sameImages(argv[2], argv[3]);
    if (mode == "black" && argc == 3) return blackImage(argv[2]);
    if (mode == "probe" && argc == 8) {
        // probe FILE X Y R G B: one pixel must have exactly that colour.
        const QImage img = QImage(argv[2]).convertToFormat(QImage::Format_RGB888);
        const int x = std::atoi(argv[3]), y = std::atoi(argv[4]);
        if (img.isNull() || !img.rect().contains(x, y)) return 1;
        const QColor c = img.pixelColor(x, y);
        const bool ok = c.red() == std::atoi(argv[5]) && c.green() == std::atoi(argv[6]) &&
                        c.blue() == std::atoi(argv[7]);
        std::printf("shotcheck: %s at %d,%d is %d,%d,%d: %s\n", argv[2], x, y, c.red(), c.green(),
                    c.blue(), ok ? "PASS" : "FAIL");
        return ok ? 0 : 1;
    }
    const QString windowFile = argv[2];
    int next = 3;
    QString rawFile;
    if (mode == "frame") {
        if (argc < 4) return usage();
        rawFile = argv[3];
        next = 4;
    } else if (mode != "pattern") {
        return usage();
    }
    app::ScaleFilter filter = app::ScaleFilter::Nearest;
    app::AspectMode aspect = app::AspectMode::Ratio4x3;
    bool overlay = false;
    for (int i = next; i < argc; ++i) {
        const QString a = argv[i];
        if (a == "--overlay") {
            overlay = true;
        } else if (a == "--filter" && i + 1 < argc) {
            const QString v = argv[++i];
            filter = v == "bilinear" ? app::ScaleFilter::Bilinear
                     : v == "sharp"  ? app::ScaleFilter::SharpBilinear
                                     : app::ScaleFilter::Nearest;
        } else if (a == "--aspect" && i + 1 < argc) {
            const QString v = argv[++i];
            aspect = v == "stretch"   ? app::AspectMode::Stretch
                     : v == "integer" ? app::AspectMode::Integer
                                      : app::AspectMode::Ratio4x3;
        } else {
            return usage();
        }
    }

    QImage win(windowFile);
    if (win.isNull()) {
        std::fprintf(stderr, "shotcheck: cannot read %s\n", qPrintable(windowFile));
        return 1;
    }
    win = win.convertToFormat(QImage::Format_RGB888);
    const int W = win.width(), H = win.height();

    Source src;
    bool haveSource = true;
    if (mode == "pattern") {
        src.w = app::kPatternWidth;
        src.h = app::kPatternHeight;
        app::makeTestPattern(src.rgba, app::kPatternWidth, app::kPatternHeight);
    } else if (rawFile == "none") {
        haveSource = false; // the display was off: the window must be black
    } else {
        QImage raw(rawFile);
        if (raw.isNull()) {
            std::fprintf(stderr, "shotcheck: cannot read %s\n", qPrintable(rawFile));
            return 1;
        }
        raw = raw.convertToFormat(QImage::Format_RGBA8888);
        src.w = raw.width();
        src.h = raw.height();
        src.rgba.resize(size_t(src.w) * src.h * 4);
        for (int y = 0; y < src.h; ++y)
            std::memcpy(&src.rgba[size_t(y) * src.w * 4], raw.constScanLine(y), size_t(src.w) * 4);
    }

    // The overlay panel sits in the top-left corner (TimingOverlay::panelSize at dpr 1).
    const QRect panel = overlay ? QRect(0, 0, std::min(640, W), std::min(310, H)) : QRect();
    app::ViewRect view;
    if (haveSource) view = app::computeViewport({W, H}, {src.w, src.h}, aspect);

    long checked = 0, failed = 0, borderChecked = 0, borderFailed = 0;
    double worst = 0;
    const double tolerance = filter == app::ScaleFilter::Nearest ? 0.0 : 4.0;
    for (int py = 0; py < H; ++py) {
        const uint8_t* line = win.constScanLine(py);
        for (int px = 0; px < W; ++px) {
            if (panel.contains(px, py)) continue;
            const uint8_t* got = line + px * 3;
            const bool inside = haveSource && px >= view.origin.x && py >= view.origin.y &&
                                px < view.origin.x + view.size.x &&
                                py < view.origin.y + view.size.y;
            if (!inside) {
                ++borderChecked;
                if (got[0] || got[1] || got[2]) ++borderFailed;
                continue;
            }
            const double u = (px + 0.5 - view.origin.x) / view.size.x;
            const double v = (py + 0.5 - view.origin.y) / view.size.y;
            double expect[3];
            if (filter == app::ScaleFilter::Nearest) {
                const double tx = u * src.w, ty = v * src.h;
                const double fx = tx - std::floor(tx), fy = ty - std::floor(ty);
                // Pixels whose centre falls on a texel edge may go either way.
                if (fx < 0.02 || fx > 0.98 || fy < 0.02 || fy > 0.98) continue;
                for (int c = 0; c < 3; ++c)
                    expect[c] = src.at(int(tx), int(ty), c);
            } else if (filter == app::ScaleFilter::Bilinear) {
                for (int c = 0; c < 3; ++c)
                    expect[c] = src.bilinear(u, v, c);
            } else {
                const double tex[2] = {double(src.w), double(src.h)};
                const double out[2] = {double(view.size.x), double(view.size.y)};
                const double uv[2] = {u, v};
                double mod[2];
                for (int k = 0; k < 2; ++k) {
                    const double texel = uv[k] * tex[k];
                    const double scale = std::max(std::floor(out[k] / tex[k]), 1.0);
                    const double flatHalf = 0.5 - 0.5 / scale;
                    const double fromCentre = texel - std::floor(texel) - 0.5;
                    const double blend =
                        (fromCentre - std::clamp(fromCentre, -flatHalf, flatHalf)) * scale + 0.5;
                    mod[k] = (std::floor(texel) + blend) / tex[k];
                }
                for (int c = 0; c < 3; ++c)
                    expect[c] = src.bilinear(mod[0], mod[1], c);
            }
            ++checked;
            double err = 0;
            for (int c = 0; c < 3; ++c)
                err = std::max(err, std::abs(got[c] - expect[c]));
            worst = std::max(worst, err);
            if (err > tolerance) {
                if (failed < 5)
                    std::fprintf(stderr,
                                 "shotcheck: pixel %d,%d is %d,%d,%d, expected %.0f,%.0f,%.0f\n",
                                 px, py, got[0], got[1], got[2], expect[0], expect[1], expect[2]);
                ++failed;
            }
        }
    }
    std::printf("shotcheck: %dx%d window, display %dx%d at %d,%d from %dx%d; %ld pixels compared "
                "(%ld wrong, worst error %.1f), %ld border pixels (%ld not black)\n",
                W, H, view.size.x, view.size.y, view.origin.x, view.origin.y, src.w, src.h, checked,
                failed, worst, borderChecked, borderFailed);
    bool ok = failed == 0 && borderFailed == 0;
    if (haveSource && checked < long(view.size.x) * view.size.y / 4) {
        std::fprintf(stderr, "shotcheck: too few pixels compared\n");
        ok = false;
    }

    if (overlay) {
        // The panel's budget line (255,80,80) and the legend's "full" swatch (80,200,120)
        // are opaque, so they reach the window unchanged.
        long budget = 0, swatch = 0, translucent = 0;
        for (int py = panel.top(); py <= panel.bottom(); ++py)
            for (int px = panel.left(); px <= panel.right(); ++px) {
                const QColor c = win.pixelColor(px, py);
                if (std::abs(c.red() - 255) <= 2 && std::abs(c.green() - 80) <= 2 &&
                    std::abs(c.blue() - 80) <= 2)
                    ++budget;
                if (std::abs(c.red() - 80) <= 2 && std::abs(c.green() - 200) <= 2 &&
                    std::abs(c.blue() - 120) <= 2)
                    ++swatch;
                if (c.red() + c.green() + c.blue() < 3 * 60) ++translucent;
            }
        std::printf("shotcheck: overlay panel %dx%d: %ld budget-line pixels, %ld legend pixels, "
                    "%ld dark pixels\n",
                    panel.width(), panel.height(), budget, swatch, translucent);
        if (budget < 50 || swatch < 64 || translucent < panel.width() * panel.height() / 4) {
            std::fprintf(stderr, "shotcheck: the overlay panel is missing\n");
            ok = false;
        }
    }
    std::printf("shotcheck: %s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
