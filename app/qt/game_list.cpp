#include "game_list.h"

#include <QBrush>
#include <QColor>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>
#include <memory>

namespace app {

void GameListModel::setEntries(std::vector<GameEntry> entries) {
    beginResetModel();
    entries_ = std::move(entries);
    endResetModel();
}

int GameListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(entries_.size());
}

int GameListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GameListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(entries_.size())) return {};
    const GameEntry& e = entries_[size_t(index.row())];
    const bool bad = !e.error.isEmpty();
    auto text = [&]() -> QString {
        switch (index.column()) {
        case Title: return bad ? e.fileName() : e.title();
        case Serial: return e.serial;
        case Region:
            return e.region.isEmpty() || !e.regionFromSerial ? e.region : e.region + " (serial)";
        case Size: return QLocale().formattedDataSize(e.imageSize);
        case Format: return bad ? QString("unreadable") : e.format;
        case File: return e.fileName();
        case Problem: return e.error;
        }
        return {};
    };
    switch (role) {
    case Qt::DisplayRole: return text();
    case kSortRole:
        return index.column() == Size ? QVariant(e.imageSize) : QVariant(text().toLower());
    case kPathRole: return e.path;
    case Qt::ToolTipRole:
        if (bad) return e.error;
        if (index.column() == Title)
            return QString("%1\nNo title database: the title is the disc's volume id (or its "
                           "serial when it has none).")
                .arg(e.path);
        if (index.column() == Region && e.regionFromSerial)
            return QString("The disc has no licence text; the region is the serial's.");
        return e.path;
    case Qt::ForegroundRole:
        if (bad) return QBrush(QColor(0xb0, 0x20, 0x20));
        return {};
    default: return {};
    }
}

QVariant GameListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole && section == Title)
        return QString("No title database: the volume id, else the serial from SYSTEM.CNF");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Title: return QString("Title (volume id)");
    case Serial: return QString("Serial");
    case Region: return QString("Region");
    case Size: return QString("Size");
    case Format: return QString("Format");
    case File: return QString("File");
    case Problem: return QString("Problem");
    }
    return {};
}

GameFoldersDialog::GameFoldersDialog(const QStringList& folders, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle("Game folders");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel("The game list shows the disc images in these folders and "
                                 "their subfolders."));
    list_ = new QListWidget;
    list_->addItems(folders);
    layout->addWidget(list_);
    auto* row = new QHBoxLayout;
    auto* add = new QPushButton("&Add folder...");
    auto* remove = new QPushButton("&Remove");
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    layout->addLayout(row);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, "Add game folder");
        if (!dir.isEmpty() && list_->findItems(dir, Qt::MatchExactly).isEmpty())
            list_->addItem(QDir::cleanPath(dir));
    });
    connect(remove, &QPushButton::clicked, this, [this] { delete list_->currentItem(); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, 300);
}

QStringList GameFoldersDialog::folders() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i)
        out << list_->item(i)->text();
    return out;
}

GameListWidget::GameListWidget(QString cacheFile, QWidget* parent)
    : QWidget(parent), cacheFile_(std::move(cacheFile)) {
    model_ = new GameListModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(GameListModel::kSortRole);
    proxy_->setFilterKeyColumn(-1); // every column
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    filter_ = new QLineEdit;
    filter_->setPlaceholderText("Filter by title, serial, region, file...");
    filter_->setClearButtonEnabled(true);
    auto* refresh = new QPushButton("&Refresh");
    auto* folders = new QPushButton("&Folders...");
    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(refresh);
    top->addWidget(folders);

    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(GameListModel::Title, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->setWordWrap(false);

    status_ = new QLabel;
    status_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
    layout->addWidget(status_);

    setFocusProxy(table_); // arrows and Enter pick a game as soon as the page shows
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(refresh, &QPushButton::clicked, this, &GameListWidget::refresh);
    connect(folders, &QPushButton::clicked, this, &GameListWidget::editFolders);
    // activated: a double click, or Enter on the selected row.
    connect(table_, &QTableView::activated, this, &GameListWidget::activate);
    updateStatus();
}

GameListWidget::~GameListWidget() {
    if (worker_) {
        cancel_ = true;
        worker_->wait();
        delete worker_;
    }
}

void GameListWidget::setFolders(const QStringList& folders) {
    folders_ = folders;
    refresh();
}

void GameListWidget::refresh() {
    if (worker_) {
        rescan_ = true;
        return;
    }
    if (folders_.isEmpty()) {
        // Nothing to scan: no worker, and no cache file written for a user without folders.
        last_ = {};
        model_->setEntries({});
        updateStatus();
        Q_EMIT scanFinished(0, 0, 0, {});
        return;
    }
    cancel_ = false;
    auto result = std::make_shared<GameScanner::Result>();
    worker_ = QThread::create([result, folders = folders_, cache = cacheFile_, this] {
        *result = GameScanner(cache).scan(folders, &cancel_);
    });
    // Queued to this (GUI) thread: `finished` is emitted by the worker.
    connect(worker_, &QThread::finished, this, [this, result] {
        worker_->deleteLater();
        worker_ = nullptr;
        if (rescan_) {
            rescan_ = false;
            refresh();
            return;
        }
        last_ = *result;
        model_->setEntries(result->entries);
        table_->resizeColumnsToContents();
        updateStatus();
        Q_EMIT scanFinished(int(result->entries.size()), result->probed, result->cached,
                            result->cacheError);
    });
    worker_->start();
    updateStatus();
}

void GameListWidget::editFolders() {
    GameFoldersDialog dialog(folders_, this);
    if (dialog.exec() != QDialog::Accepted) return;
    setFolders(dialog.folders());
    Q_EMIT foldersChanged(folders_);
}

void GameListWidget::activate(const QModelIndex& index) {
    const QModelIndex source = proxy_->mapToSource(index);
    if (!source.isValid()) return;
    const GameEntry& e = model_->entries()[size_t(source.row())];
    if (!e.error.isEmpty()) {
        QMessageBox::warning(this, "Cannot start this game", e.error);
        return;
    }
    Q_EMIT startRequested(e.path);
}

void GameListWidget::updateStatus() {
    QString text;
    if (folders_.isEmpty()) {
        text = "No game folders yet: press Folders... and add the folders that hold your disc "
               "images (.cue, .chd, .iso, .m3u, raw .bin).";
    } else {
        int bad = 0;
        for (const GameEntry& e : model_->entries())
            bad += e.error.isEmpty() ? 0 : 1;
        text = QString("%1 game%2 in %3 folder%4")
                   .arg(model_->rowCount() - bad)
                   .arg(model_->rowCount() - bad == 1 ? "" : "s")
                   .arg(folders_.size())
                   .arg(folders_.size() == 1 ? "" : "s");
        if (bad) text += QString(", %1 unreadable (see Problem)").arg(bad);
        if (worker_) text += " - scanning...";
        if (!last_.cacheError.isEmpty()) text += " - " + last_.cacheError;
        text += ". Double click a game to start it. Titles are volume ids or serials: there is "
                "no title database.";
    }
    status_->setText(text);
}

} // namespace app
