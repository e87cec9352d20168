#pragma once
// The game list: the main window's start page. A table of the disc images in the folders the
// user picks (title, serial, region, size, format, file), sortable and filtered as one types;
// double click or Enter starts a game. Scanning (GameScanner) runs on a worker thread with
// its JSON cache, so the window never waits for a disk.
#include <QAbstractTableModel>
#include <QDialog>
#include <QWidget>
#include <atomic>
#include <vector>

#include "game_scanner.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QSortFilterProxyModel;
class QTableView;
class QThread;

namespace app {

class GameListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Title, Serial, Region, Size, Format, File, Problem, ColumnCount };
    static constexpr int kSortRole = Qt::UserRole;
    static constexpr int kPathRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    void setEntries(std::vector<GameEntry> entries);
    const std::vector<GameEntry>& entries() const { return entries_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    std::vector<GameEntry> entries_;
};

// Edits the list of folders the game list scans.
class GameFoldersDialog : public QDialog {
    Q_OBJECT
  public:
    GameFoldersDialog(const QStringList& folders, QWidget* parent = nullptr);
    QStringList folders() const;

  private:
    QListWidget* list_ = nullptr;
};

class GameListWidget : public QWidget {
    Q_OBJECT
  public:
    // `cacheFile`: GameScanner's JSON cache.
    GameListWidget(QString cacheFile, QWidget* parent = nullptr);
    ~GameListWidget() override;

    void setFolders(const QStringList& folders);
    const QStringList& folders() const { return folders_; }
    // Scans the folders again on the worker thread (unchanged files come from the cache).
    void refresh();
    bool scanning() const { return worker_ != nullptr; }
    const std::vector<GameEntry>& entries() const { return model_->entries(); }

  Q_SIGNALS:
    void startRequested(QString path);
    void foldersChanged(QStringList folders); // the user edited them
    // A scan finished and the table shows its result.
    void scanFinished(int games, int probed, int cached, QString cacheError);

  private:
    void editFolders();
    void activate(const QModelIndex& index);
    void updateStatus();

    QString cacheFile_;
    QStringList folders_;
    GameListModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QLabel* status_ = nullptr;
    QThread* worker_ = nullptr;
    std::atomic<bool> cancel_{false};
    bool rescan_ = false; // refresh() while a scan ran: scan again when it ends
    GameScanner::Result last_;
};

} // namespace app
