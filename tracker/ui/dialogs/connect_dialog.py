"""File → Connect to shared workspace…: where the team's PostgreSQL database is, who we are
there, how the connection is secured; Test connection tries it without freezing the window.

The fields make a server address (tracker/store/engine/address.py), checked as the command line
checks it. The password is never shown, logged or put into settings: it serves this connection,
and goes to the system keyring only when "Remember in the system keyring" is ticked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.store.engine.address import DEFAULT_PORT, AddressError, ServerAddress, parse_address
from tracker.store.engine.credentials import keyring_reason
from tracker.ui.worker import Worker

#: The TLS modes offered, safest first: (sslmode, what it means to the user).
TLS_MODES = (
    ("verify-full", "Verify the server's certificate and name (recommended)"),
    ("verify-ca", "Verify the server's certificate"),
    ("require", "Encrypt, without checking the certificate"),
    ("prefer", "Encrypt if the server offers it"),
    ("disable", "Do not encrypt (this computer only)"),
)


class ConnectDialog(QDialog):
    """The fields of a server address; `address()` is what they make (with the typed password),
    `remember()` whether to keep the password in the keyring."""

    def __init__(self, parent: QWidget | None = None, start: ServerAddress | None = None):
        super().__init__(parent)
        self.setWindowTitle("Connect to shared workspace")
        self._worker: Worker | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("A shared workspace lives in a PostgreSQL database that several people use at once. "
                       "Your IT department gives you its server, database and user.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(placeholderText="db.example.com")
        self.host.setAccessibleName("Server")
        form.addRow("&Server:", self.host)
        self.port = QSpinBox(minimum=1, maximum=65535, value=DEFAULT_PORT)
        self.port.setAccessibleName("Port")
        form.addRow("P&ort:", self.port)
        self.database = QLineEdit(placeholderText="rollouts")
        self.database.setAccessibleName("Database")
        form.addRow("&Database:", self.database)
        self.user = QLineEdit()
        self.user.setAccessibleName("User")
        form.addRow("&User:", self.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setPlaceholderText("kept in the keyring, a pgpass file or PGPASSWORD, if empty")
        form.addRow("&Password:", self.password)
        self.remember_box = QCheckBox("&Remember in the system keyring")
        unavailable = keyring_reason()
        if unavailable:
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(f"Not on this computer: {unavailable}.")
        form.addRow("", self.remember_box)
        self.tls = QComboBox()
        self.tls.setAccessibleName("TLS")
        for mode, text in TLS_MODES:
            self.tls.addItem(f"{text} ({mode})", mode)
        form.addRow("&TLS:", self.tls)
        self.root_certificate = QLineEdit(placeholderText="the system's certificate authorities, if empty")
        self.root_certificate.setAccessibleName("Root certificate")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_certificate)
        row = QHBoxLayout()
        row.addWidget(self.root_certificate, 1)
        row.addWidget(browse)
        form.addRow("Root &certificate:", row)
        layout.addLayout(form)
        self.shown_address = QLabel()
        self.shown_address.setWordWrap(True)
        layout.addWidget(self.shown_address)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Test result")
        layout.addWidget(self.outcome)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.test_button = self.buttons.addButton("&Test connection", QDialogButtonBox.ButtonRole.ActionRole)
        self.connect_button = self.buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.test_button.clicked.connect(self.test_connection)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if start is not None:
            self._fill(start)
        for field in (self.host, self.database, self.user, self.root_certificate):
            field.textChanged.connect(self._update)
        self.port.valueChanged.connect(self._update)
        self.tls.currentIndexChanged.connect(self._update)
        self._update()

    def _fill(self, address: ServerAddress) -> None:
        self.host.setText(address.host or "")
        self.port.setValue(address.port or DEFAULT_PORT)
        self.database.setText(address.database)
        self.user.setText(address.user or "")
        mode = address.sslmode or "prefer"  # libpq's own default when an address names none
        self.tls.setCurrentIndex(max(0, self.tls.findData(mode)))
        self.root_certificate.setText(address.option("sslrootcert") or "")

    def _choose_certificate(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Root certificate", "",
                                                "Certificates (*.pem *.crt *.cer);;All files (*)")
        if chosen:
            self.root_certificate.setText(chosen)

    # ------------------------------------------------------------ what the fields make
    def address(self, *, with_password: bool = True) -> ServerAddress:
        """The fields as an address; AddressError names what is missing or wrong."""
        if not self.host.text().strip():
            raise AddressError("Type the server's name or address.")
        if not self.database.text().strip():
            raise AddressError("Type the database's name.")
        options = [("sslmode", str(self.tls.currentData()))]
        if self.root_certificate.text().strip():
            options.append(("sslrootcert", self.root_certificate.text().strip()))
        draft = ServerAddress(database=self.database.text().strip(), host=self.host.text().strip(),
                              port=self.port.value(), user=self.user.text().strip() or None,
                              options=tuple(options))
        checked = parse_address(draft.display())  # the same checks as a typed address
        password = self.password.text()
        if with_password and password:
            return ServerAddress(database=checked.database, host=checked.host, port=checked.port,
                                 user=checked.user, password=password, options=checked.options)
        return checked

    def remember(self) -> bool:
        return self.remember_box.isEnabled() and self.remember_box.isChecked() and bool(self.password.text())

    def problem(self) -> str | None:
        try:
            self.address()
        except AddressError as e:
            return str(e)
        return None

    def _update(self) -> None:
        problem = self.problem()
        self.connect_button.setEnabled(problem is None)
        self.test_button.setEnabled(problem is None and self._worker is None)
        self.shown_address.setText(problem if problem else f"Address: {self.address(with_password=False).display()}")

    # ------------------------------------------------------------ Test connection
    def test_connection(self) -> None:
        """Connect in the background and say what happened, in the dialog."""
        if self._worker is not None or self.problem() is not None:
            return
        from tracker.store.engine.server_connect import check_server

        address = self.address()

        def check(*, progress, cancelled) -> str:
            return check_server(address).summary(address)

        self.outcome.setText("Connecting…")
        worker = Worker(check)
        worker.finished.connect(lambda summary: self.outcome.setText(str(summary)))
        worker.failed.connect(lambda message, _details: self.outcome.setText(f"Cannot connect: {message}"))
        worker.done.connect(self._tested)
        self._worker = worker
        self._update()
        worker.start()

    def _tested(self) -> None:
        self._worker = None
        self._update()
