#pragma once
// The game list's scanning logic, free of widgets so a test can run it: finds the disc images
// in the user's folders, reads each one's identity through core/disc (ISO9660, SYSTEM.CNF,
// the licence sector) and keeps what it read in a JSON cache, keyed by path + size + mtime,
// so a second scan opens only new or changed files. Runs on any thread; one scan per object
// at a time.
#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <vector>

namespace app {

struct GameEntry {
    QString path;       // absolute
    qint64 size = 0;    // bytes of the file the user picks (.cue, .chd, .iso, .m3u, ...)
    qint64 mtimeMs = 0; // its modification time, ms since the epoch
    // Name, size and time of the files behind it (a .cue's .bin files, an .m3u's images): with
    // size and mtime, the cache key.
    QString members;
    // Bytes of the whole image: a .cue with the files it names, an .m3u with every disc of the
    // set (what the list shows as the size).
    qint64 imageSize = 0;
    QString format;   // the reader's name: "cue/bin", "chd", "iso", "m3u: 2 x cue/bin"
    int discs = 0;    // discs in the set (an .m3u: its entries)
    QString volumeId; // ISO9660 primary volume id ("" without a file system)
    QString serial;   // from SYSTEM.CNF's boot file name ("SLUS-01234"), "" when not a code
    QString region;   // "NTSC-U", "NTSC-J", "PAL" or ""
    bool regionFromSerial = false; // no licence text on the disc: guessed from the serial
    QString error;                 // "" = read; else the reader's message (file and line)

    // What the list shows as the title: there is no title database, so this is the volume
    // id, else the serial, else the file name.
    QString title() const;
    QString fileName() const;
};

// The region a licensed disc's licence text names (core::cdrom::licenceRegionOf: 'A', 'E',
// 'I'), as the list shows it; "" for anything else.
QString regionFromLicence(char letter);
// A serial's region from its publisher prefix (SCUS/SLUS NTSC-U, SCES/SLES PAL,
// SCPS/SLPS/SLPM NTSC-J), for discs without licence text; "" when unknown.
QString regionFromSerialPrefix(const QString& serial);

class GameScanner {
  public:
    // `cacheFile`: the JSON cache ("" = no cache).
    explicit GameScanner(QString cacheFile);

    struct Result {
        std::vector<GameEntry> entries; // sorted by path
        int probed = 0;                 // images opened in this scan
        int cached = 0;                 // entries taken from the cache unopened
        bool cancelled = false;
        QString cacheError; // the cache could not be written ("" = written or no cache)
    };

    // Scans `folders` (recursively) and writes the cache (temp file + rename). `cancel` (may be
    // null) stops the scan early; a cancelled scan writes nothing.
    Result scan(const QStringList& folders, const std::atomic<bool>* cancel = nullptr);

    // The files a scan would look at: .cue, .iso, .chd, .m3u, and raw .bin/.img dumps that no
    // .cue beside them names (and that start with a CD sync pattern, so BIOS files and other
    // .bin files stay out).
    static QStringList candidates(const QStringList& folders,
                                  const std::atomic<bool>* cancel = nullptr);
    // Opens one image (or playlist) and reads its identity; a damaged image gives an entry
    // with `error` set, never a crash.
    static GameEntry probe(const QString& path);

  private:
    std::vector<GameEntry> loadCache() const;
    bool saveCache(const std::vector<GameEntry>& entries, QString& error) const;

    QString cacheFile_;
};

} // namespace app
