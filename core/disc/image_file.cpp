#include "core/disc/image_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace core::disc {

ImageFile::~ImageFile() {
    if (fd_ >= 0) ::close(fd_);
}

ImageFile::ImageFile(ImageFile&& o) noexcept
    : ahead_(std::move(o.ahead_)), aheadAt_(o.aheadAt_), aheadLen_(o.aheadLen_),
      hostReads_(o.hostReads_), fd_(o.fd_), size_(o.size_), path_(std::move(o.path_)) {
    o.fd_ = -1;
    o.aheadLen_ = 0;
}

ImageFile& ImageFile::operator=(ImageFile&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        ahead_ = std::move(o.ahead_);
        aheadAt_ = o.aheadAt_;
        aheadLen_ = o.aheadLen_;
        hostReads_ = o.hostReads_;
        fd_ = o.fd_;
        size_ = o.size_;
        path_ = std::move(o.path_);
        o.fd_ = -1;
        o.aheadLen_ = 0;
    }
    return *this;
}

bool ImageFile::open(const std::string& path, std::string& error) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        error = path + ": " + std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        error = path + ": not a regular file";
        return false;
    }
    size_ = static_cast<uint64_t>(st.st_size);
    return true;
}

bool ImageFile::read(uint64_t offset, void* dst, size_t n, std::string& error) const {
    if (fd_ < 0 || offset > size_ || n > size_ - offset) {
        error = path_ + ": read of " + std::to_string(n) + " bytes at offset " +
                std::to_string(offset) + " is past the end of the file (" + std::to_string(size_) +
                " bytes); the image is truncated";
        return false;
    }
    if (n > kReadAhead) return readDirect(offset, dst, n, error);
    if (aheadLen_ == 0 || offset < aheadAt_ || offset + n > aheadAt_ + aheadLen_) {
        if (!ahead_) ahead_ = std::make_unique<uint8_t[]>(kReadAhead);
        const size_t len = static_cast<size_t>(std::min<uint64_t>(kReadAhead, size_ - offset));
        aheadLen_ = 0; // a failed fill leaves no stale window
        if (!readDirect(offset, ahead_.get(), len, error)) return false;
        aheadAt_ = offset;
        aheadLen_ = len;
    }
    if (n) std::memcpy(dst, ahead_.get() + (offset - aheadAt_), n);
    return true;
}

bool ImageFile::readDirect(uint64_t offset, void* dst, size_t n, std::string& error) const {
    ++hostReads_;
    auto* p = static_cast<char*>(dst);
    while (n > 0) {
        ssize_t got = ::pread(fd_, p, n, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            error = path_ + ": read error at offset " + std::to_string(offset) +
                    (got < 0 ? std::string(": ") + std::strerror(errno) : std::string());
            return false;
        }
        p += got;
        offset += static_cast<uint64_t>(got);
        n -= static_cast<size_t>(got);
    }
    return true;
}

bool readSmallFile(const std::string& path, std::string& out, std::string& error, size_t limit) {
    ImageFile f;
    if (!f.open(path, error)) return false;
    if (f.size() > limit) {
        error = path + ": file is too large (" + std::to_string(f.size()) + " bytes)";
        return false;
    }
    out.resize(static_cast<size_t>(f.size()));
    return f.read(0, out.data(), out.size(), error);
}

std::string directoryOf(const std::string& path) {
    return std::filesystem::path(path).parent_path().string();
}

std::string lowerExtension(const std::string& path) {
    std::string e = std::filesystem::path(path).extension().string();
    std::transform(e.begin(), e.end(), e.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return e;
}

static bool equalsIgnoringCase(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

std::string findFileIgnoringCase(const std::string& dir, const std::string& name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p =
        fs::path(name).is_absolute() || dir.empty() ? fs::path(name) : fs::path(dir) / name;
    if (fs::is_regular_file(p, ec)) return p.string();
    fs::path parent = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    const std::string wanted = p.filename().string();
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        if (equalsIgnoringCase(it->path().filename().string(), wanted) &&
            fs::is_regular_file(it->path(), ec))
            return it->path().string();
    }
    return {};
}

} // namespace core::disc
