#include "core/disc/iso_image.h"

#include <cstring>

#include "core/disc/image_file.h"

namespace core::disc {

namespace {

class IsoDisc final : public Disc {
  public:
    IsoDisc(const std::string& path, ImageFile file, const char* format)
        : Disc(path, format), file_(std::move(file)) {}
    void layout(TrackType type, StoredFormat format, int32_t sectors) {
        Track t;
        t.type = type;
        t.pregapStart = -150;
        t.start = 0;
        t.length = sectors;
        toc_.tracks.push_back(t);
        toc_.leadOut = sectors;
        extents_.push_back(Extent{0, sectors, format, 0, 0});
    }

  protected:
    bool readStored(const Extent& e, int32_t index, uint8_t* out, std::string& error) override {
        const uint32_t size = storedSize(e.format);
        return file_.read(static_cast<uint64_t>(index) * size, out, size, error);
    }

  private:
    ImageFile file_;
};

constexpr uint8_t kSync[12] = {0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0};

} // namespace

std::unique_ptr<Disc> openIsoImage(const std::string& path, std::string& error) {
    ImageFile file;
    if (!file.open(path, error)) return nullptr;
    const uint64_t size = file.size();
    // A raw dump starts with a sync pattern; its mode byte tells the track type.
    uint8_t head[16] = {};
    if (size >= 16 && !file.read(0, head, 16, error)) return nullptr;
    const bool raw = size >= 2352 && std::memcmp(head, kSync, 12) == 0;
    const uint32_t sectorSize = raw ? 2352 : 2048;
    if (size == 0 || size % sectorSize != 0) {
        error = path + ": " + std::to_string(size) + " bytes is not a whole number of " +
                std::to_string(sectorSize) + "-byte sectors (truncated or not a disc image)";
        return nullptr;
    }
    if (size / sectorSize > 100 * 60 * 75) {
        error = path + ": the image is longer than a CD";
        return nullptr;
    }
    const auto sectors = static_cast<int32_t>(size / sectorSize);
    if (raw && head[15] != 1 && head[15] != 2) {
        error = path + ": the first sector has mode " + std::to_string(head[15]) +
                " (a raw data track has mode 1 or 2)";
        return nullptr;
    }
    auto disc = std::make_unique<IsoDisc>(path, std::move(file), raw ? "raw bin" : "iso");
    if (raw)
        disc->layout(head[15] == 1 ? TrackType::Mode1 : TrackType::Mode2, StoredFormat::Raw2352,
                     sectors);
    else
        disc->layout(TrackType::Mode1, StoredFormat::Mode1Data2048, sectors);
    return disc;
}

} // namespace core::disc
