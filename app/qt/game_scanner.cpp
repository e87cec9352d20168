#include "game_scanner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <algorithm>
#include <cstring>

#include "core/cdrom/image_disc.h"
#include "core/disc/iso9660.h"
#include "core/disc/open_disc.h"
#include "core/disc/system_cnf.h"

namespace app {

namespace {

// Bump when an entry's meaning changes: an older cache is then ignored (a full rescan).
constexpr int kCacheVersion = 2; // 2: the member files' stamp

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel && cancel->load(std::memory_order_relaxed);
}

// A raw sector starts with the 12-byte sync pattern 00 FF*10 00 (cdromformat.md "Sector
// Encoding"); an image that does not is no raw disc dump.
bool startsWithSync(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    static const char sync[12] = {0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0};
    const QByteArray head = f.read(12);
    return head.size() == 12 && std::memcmp(head.constData(), sync, 12) == 0;
}

// The file names a .cue's FILE lines name (lower case), so the .bin files they name are not
// listed as games of their own.
QSet<QString> filesNamedByCue(const QString& cuePath) {
    QSet<QString> out;
    QFile f(cuePath);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
    static const QRegularExpression fileLine(R"re(^\s*FILE\s+(?:"([^"]*)"|(\S+)))re",
                                             QRegularExpression::CaseInsensitiveOption);
    // A cue sheet is a few KiB; a multi-megabyte "cue" is not one.
    const QByteArray text = f.read(1 << 20);
    for (const QByteArray& line : text.split('\n')) {
        const QRegularExpressionMatch m = fileLine.match(QString::fromUtf8(line));
        if (!m.hasMatch()) continue;
        const QString name = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        out.insert(QFileInfo(name).fileName().toLower());
    }
    return out;
}

// Bytes of one disc image: a .cue sheet with the files it names (matched without regard to
// case, as the cue reader does), any other image alone.
qint64 discImageBytes(const QString& path) {
    const QFileInfo fi(path);
    qint64 total = fi.size();
    if (fi.suffix().toLower() != "cue") return total;
    const QSet<QString> named = filesNamedByCue(path);
    for (const QFileInfo& f : fi.absoluteDir().entryInfoList(QDir::Files))
        if (named.contains(f.fileName().toLower())) total += f.size();
    return total;
}

// Size and modification time of every file behind the one the user picks: the files a .cue
// names, and for an .m3u each listed image with its own files. A changed .bin behind an
// unchanged .cue changes this, so the cache probes the image again.
QString memberStamp(const QString& path, int depth = 0) {
    const QFileInfo fi(path);
    const QString suffix = fi.suffix().toLower();
    QString out;
    auto stamp = [&](const QFileInfo& f) {
        out += QString("%1:%2:%3;")
                   .arg(f.fileName())
                   .arg(f.size())
                   .arg(f.lastModified().toMSecsSinceEpoch());
    };
    if (suffix == "cue") {
        const QSet<QString> named = filesNamedByCue(path);
        for (const QFileInfo& f : fi.absoluteDir().entryInfoList(QDir::Files, QDir::Name))
            if (named.contains(f.fileName().toLower())) stamp(f);
    } else if (suffix == "m3u" && depth == 0) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
        for (const QByteArray& raw : f.read(1 << 20).split('\n')) {
            const QString line = QString::fromUtf8(raw).trimmed();
            if (line.isEmpty() || line.startsWith('#')) continue;
            const QFileInfo entry(fi.absoluteDir(), line);
            stamp(entry);
            out += memberStamp(entry.absoluteFilePath(), depth + 1);
        }
    }
    return out;
}

QJsonObject toJson(const GameEntry& e) {
    QJsonObject o;
    o["path"] = e.path;
    o["size"] = double(e.size);
    o["mtime"] = double(e.mtimeMs);
    o["members"] = e.members;
    o["imageSize"] = double(e.imageSize);
    o["format"] = e.format;
    o["discs"] = e.discs;
    o["volumeId"] = e.volumeId;
    o["serial"] = e.serial;
    o["region"] = e.region;
    o["regionFromSerial"] = e.regionFromSerial;
    return o;
}

bool fromJson(const QJsonObject& o, GameEntry& e) {
    if (!o["path"].isString() || !o["size"].isDouble() || !o["mtime"].isDouble()) return false;
    e.path = o["path"].toString();
    e.size = qint64(o["size"].toDouble());
    e.mtimeMs = qint64(o["mtime"].toDouble());
    e.members = o["members"].toString();
    e.imageSize = qint64(o["imageSize"].toDouble());
    e.format = o["format"].toString();
    e.discs = o["discs"].toInt();
    e.volumeId = o["volumeId"].toString();
    e.serial = o["serial"].toString();
    e.region = o["region"].toString();
    e.regionFromSerial = o["regionFromSerial"].toBool();
    return !e.path.isEmpty();
}

QString cacheKey(const QString& path, qint64 size, qint64 mtimeMs, const QString& members) {
    return QString("%1\n%2\n%3\n%4").arg(path).arg(size).arg(mtimeMs).arg(members);
}

} // namespace

QString GameEntry::title() const {
    if (!volumeId.isEmpty()) return volumeId;
    if (!serial.isEmpty()) return serial;
    return fileName();
}

QString GameEntry::fileName() const {
    return QFileInfo(path).fileName();
}

QString regionFromLicence(char letter) {
    switch (letter) {
    case 'A': return "NTSC-U";
    case 'I': return "NTSC-J";
    case 'E': return "PAL";
    default: return {};
    }
}

QString regionFromSerialPrefix(const QString& serial) {
    const QString p = serial.left(4).toUpper();
    if (p == "SCUS" || p == "SLUS") return "NTSC-U";
    if (p == "SCES" || p == "SLES") return "PAL";
    if (p == "SCPS" || p == "SLPS" || p == "SLPM") return "NTSC-J";
    return {};
}

GameScanner::GameScanner(QString cacheFile) : cacheFile_(std::move(cacheFile)) {}

QStringList GameScanner::candidates(const QStringList& folders, const std::atomic<bool>* cancel) {
    QStringList images;
    QStringList raw; // .bin / .img, kept when no .cue beside them names them
    QHash<QString, QSet<QString>> namedByCue; // directory -> names its .cue files name
    QSet<QString> seen;
    for (const QString& folder : folders) {
        if (folder.isEmpty()) continue;
        QDirIterator it(folder, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            if (cancelled(cancel)) return {};
            const QString path = QFileInfo(it.next()).absoluteFilePath();
            if (seen.contains(path)) continue; // folders that overlap
            seen.insert(path);
            const QString suffix = QFileInfo(path).suffix().toLower();
            if (suffix == "cue") {
                namedByCue[QFileInfo(path).absolutePath()].unite(filesNamedByCue(path));
                images << path;
            } else if (suffix == "iso" || suffix == "chd" || suffix == "m3u") {
                images << path;
            } else if (suffix == "bin" || suffix == "img") {
                raw << path;
            }
        }
    }
    for (const QString& path : raw) {
        const QFileInfo fi(path);
        if (namedByCue.value(fi.absolutePath()).contains(fi.fileName().toLower())) continue;
        if (startsWithSync(path)) images << path;
    }
    images.sort();
    return images;
}

GameEntry GameScanner::probe(const QString& path) {
    GameEntry e;
    const QFileInfo fi(path);
    e.path = fi.absoluteFilePath();
    e.size = fi.size();
    e.mtimeMs = fi.lastModified().toMSecsSinceEpoch();
    e.members = memberStamp(e.path);
    e.imageSize = e.size;
    core::disc::DiscSet set;
    std::string error;
    if (!set.open(e.path.toStdString(), error)) {
        e.error = QString::fromStdString(error);
        return e;
    }
    e.discs = int(set.size());
    e.imageSize = fi.suffix().toLower() == "m3u" ? e.size : 0;
    for (size_t i = 0; i < set.size(); ++i)
        e.imageSize += discImageBytes(QString::fromStdString(set.at(i).path()));
    core::disc::Disc& first = set.at(0);
    e.format = QString::fromStdString(first.format());
    if (fi.suffix().toLower() == "m3u")
        e.format = QString("m3u: %1 x %2").arg(set.size()).arg(e.format);
    const auto& tracks = first.toc().tracks;
    if (tracks.empty() || !tracks[0].isData()) {
        e.error = e.path + ": an audio disc (no data track to boot)";
        return e;
    }
    core::disc::Iso9660 fs(first);
    if (!fs.open(error)) {
        e.error = QString::fromStdString(error);
        return e;
    }
    e.volumeId = QString::fromStdString(fs.volumeId()).trimmed();
    core::disc::BootInfo boot;
    if (!core::disc::readBootInfo(fs, boot, error)) {
        e.error = QString::fromStdString(error);
        return e;
    }
    e.serial = QString::fromStdString(boot.serial);
    e.region = regionFromLicence(core::cdrom::licenceRegionOf(first));
    if (e.region.isEmpty()) {
        e.region = regionFromSerialPrefix(e.serial);
        e.regionFromSerial = !e.region.isEmpty();
    }
    return e;
}

std::vector<GameEntry> GameScanner::loadCache() const {
    std::vector<GameEntry> out;
    if (cacheFile_.isEmpty()) return out;
    QFile f(cacheFile_);
    if (!f.open(QIODevice::ReadOnly)) return out;
    // A damaged, foreign or older cache is no cache: everything is read again.
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    if (!doc.isObject() || doc.object()["version"].toInt() != kCacheVersion) return out;
    for (const QJsonValue& v : doc.object()["entries"].toArray()) {
        GameEntry e;
        if (v.isObject() && fromJson(v.toObject(), e)) out.push_back(std::move(e));
    }
    return out;
}

bool GameScanner::saveCache(const std::vector<GameEntry>& entries, QString& error) const {
    if (cacheFile_.isEmpty()) return true;
    QJsonArray list;
    for (const GameEntry& e : entries)
        if (e.error.isEmpty()) list.append(toJson(e)); // a damaged image is read again next time
    QJsonObject root;
    root["version"] = kCacheVersion;
    root["entries"] = list;
    QDir().mkpath(QFileInfo(cacheFile_).absolutePath());
    // QSaveFile writes a temporary file beside the cache and renames it on commit().
    QSaveFile f(cacheFile_);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !f.commit()) {
        error = QString("cannot write the game list cache %1: %2").arg(cacheFile_, f.errorString());
        return false;
    }
    return true;
}

GameScanner::Result GameScanner::scan(const QStringList& folders, const std::atomic<bool>* cancel) {
    Result r;
    QHash<QString, GameEntry> cache;
    for (GameEntry& e : loadCache())
        cache.insert(cacheKey(e.path, e.size, e.mtimeMs, e.members), std::move(e));
    for (const QString& path : candidates(folders, cancel)) {
        if (cancelled(cancel)) break;
        const QFileInfo fi(path);
        const auto hit = cache.constFind(
            cacheKey(path, fi.size(), fi.lastModified().toMSecsSinceEpoch(), memberStamp(path)));
        if (hit != cache.constEnd()) {
            r.entries.push_back(*hit);
            ++r.cached;
        } else {
            r.entries.push_back(probe(path));
            ++r.probed;
        }
    }
    if (cancelled(cancel)) {
        r.cancelled = true;
        return r;
    }
    std::sort(r.entries.begin(), r.entries.end(),
              [](const GameEntry& a, const GameEntry& b) { return a.path < b.path; });
    saveCache(r.entries, r.cacheError);
    return r;
}

} // namespace app
